import type { DownstreamTarget } from './downstream-target.js';
import type { ExchangeRequest } from './exchange-request.js';

/** A `tokenFor` call's arguments, normalised, and the cache key they give. */
export interface PreparedExchange {
  readonly request: ExchangeRequest;
  /** The SHA-256 digest of every parameter (see `exchangeCacheKey`), never a raw token. */
  readonly key: string;
}

/** One remembered preparation, with a copy of the target's fields it came from. */
interface Remembered extends PreparedExchange {
  readonly audience: unknown;
  readonly resource: unknown;
  readonly scope: readonly unknown[] | undefined;
  readonly actorToken: string | undefined;
}

/** Subject tokens remembered at most; the oldest is forgotten first. */
const MAX_SUBJECTS = 1_000;
/** Targets remembered per subject token (a service calls few downstreams). */
const MAX_TARGETS_PER_SUBJECT = 8;

/**
 * Remembers, per subject token, the normalised request and cache key of the last targets it
 * was exchanged for, so that a warm `tokenFor` does not normalise and hash the same arguments
 * on every call: the key stays the same SHA-256 digest of every parameter, it is only computed
 * once per (subject token, target, actor token).
 *
 * An entry is found only for the same subject token and a target with the same audience,
 * resource and scope list, element by element (a copy is kept: changing the caller's object
 * afterwards changes nothing), and the same actor token. Bounded by count (1,000 subject
 * tokens, 8 targets each); the tokens live in a private field, out of logs and inspection.
 */
export class PreparedExchanges {
  readonly #bySubject = new Map<string, Remembered[]>();
  #clientCredentials: Remembered[] = [];

  /** The preparation remembered for these arguments, or undefined (arguments of unusual shape included). */
  find(target: DownstreamTarget, subjectToken: string | undefined, actorToken: string | undefined): PreparedExchange | undefined {
    if (target === null || typeof target !== 'object') return undefined;
    const list = subjectToken === undefined ? this.#clientCredentials : typeof subjectToken === 'string' ? this.#bySubject.get(subjectToken) : undefined;
    if (list === undefined) return undefined;
    for (const remembered of list) {
      if (
        remembered.actorToken === actorToken &&
        remembered.audience === target.audience &&
        remembered.resource === target.resource &&
        sameScopes(remembered.scope, target.scope)
      ) {
        return remembered;
      }
    }
    return undefined;
  }

  /** Remembers a preparation that succeeded for these arguments. */
  remember(target: DownstreamTarget, subjectToken: string | undefined, actorToken: string | undefined, prepared: PreparedExchange): void {
    const scope = target.scope;
    const remembered: Remembered = {
      request: prepared.request,
      key: prepared.key,
      audience: target.audience,
      resource: target.resource,
      scope: Array.isArray(scope) ? [...(scope as readonly unknown[])] : undefined,
      actorToken,
    };
    if (subjectToken === undefined) {
      this.#clientCredentials = withLatest(this.#clientCredentials, remembered);
      return;
    }
    const list = this.#bySubject.get(subjectToken);
    if (list === undefined && this.#bySubject.size >= MAX_SUBJECTS) {
      const oldest = this.#bySubject.keys().next().value;
      if (oldest !== undefined) this.#bySubject.delete(oldest);
    }
    this.#bySubject.set(subjectToken, withLatest(list ?? [], remembered));
  }

  /** Forgets everything. */
  clear(): void {
    this.#bySubject.clear();
    this.#clientCredentials = [];
  }
}

function withLatest(list: Remembered[], latest: Remembered): Remembered[] {
  const kept = list.length >= MAX_TARGETS_PER_SUBJECT ? list.slice(1) : list;
  kept.push(latest);
  return kept;
}

function sameScopes(remembered: readonly unknown[] | undefined, given: unknown): boolean {
  if (remembered === undefined) return given === undefined;
  if (!Array.isArray(given) || given.length !== remembered.length) return false;
  for (let i = 0; i < remembered.length; i += 1) if (remembered[i] !== given[i]) return false;
  return true;
}
