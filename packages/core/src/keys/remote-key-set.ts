import { KeyObject, type webcrypto } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, customFetch, errors, jwksCache, type JSONWebKeySet, type JWKSCacheInput, type JWTVerifyGetKey } from 'jose';
import { InvalidTokenError } from '../errors/invalid-token.error.js';
import { TemporarilyUnavailableError } from '../errors/temporarily-unavailable.error.js';
import type { SupportedAlgorithm } from '../jws/algorithms.js';
import { keyFitsAlgorithm } from '../jws/key-fits-algorithm.js';
import type { ResolvedJwksOptions } from './jwks-options.js';

type RemoteJwks = ReturnType<typeof createRemoteJWKSet>;
type GetKeyHeader = Parameters<JWTVerifyGetKey>[0];

/**
 * The signing keys of one issuer, fetched from its JWKS and kept the way K1–K4 ask.
 *
 * jose's `createRemoteJWKSet` does the fetching, key selection (kid, alg, kty, crv,
 * `use`/`key_ops`, so a `use: enc` key is never picked, P9) and JWK import: it merges
 * concurrent fetches into one, applies the unknown-`kid` cooldown and the fetch timeout,
 * and never caches a failed fetch. This class adds what jose leaves to its caller:
 *
 * - a synchronous lookup of keys already parsed, so a warm request allocates nothing here;
 * - a stale window: when a refresh fails, the last keys keep verifying for `staleWindow`;
 * - a failure backoff, so an outage does not turn every request into a fetch that times out;
 * - outage → {@link TemporarilyUnavailableError} (503), unknown key → {@link InvalidTokenError} (401).
 *
 * Key-carrying JOSE headers (`jwk`, `jku`, `x5u`, `x5c`) are never passed to jose (P4).
 */
export class RemoteKeySet {
  private remote: RemoteJwks | undefined;
  private resolving: Promise<RemoteJwks> | undefined;
  private readonly fetched: { uat?: number; jwks?: JSONWebKeySet } = {};
  private keys = new Map<string, KeyObject>();
  private keysFetchedAt: number | undefined;
  private lastFailureAt = Number.NEGATIVE_INFINITY;
  private fetchFailures = 0;
  private readonly keyObjects = new WeakMap<object, KeyObject>();

  /**
   * @param resolveJwksUri gives the JWKS URL (from configuration or discovery); called again after a failure.
   * @param options fetch and cache behaviour, defaults already applied.
   */
  constructor(
    private readonly resolveJwksUri: () => Promise<URL>,
    private readonly options: ResolvedJwksOptions,
  ) {}

  /**
   * The key for `alg`/`kid` when it is already parsed and the key set is fresh; otherwise
   * undefined, and the caller must use {@link getKey}.
   */
  cachedKey(alg: SupportedAlgorithm, kid: string | undefined): KeyObject | undefined {
    if (this.remote === undefined || !this.remote.fresh || this.keysFetchedAt !== this.fetched.uat) return undefined;
    return this.keys.get(keyId(alg, kid));
  }

  /**
   * Identifies the keys now in use: it changes whenever a new JWKS is applied, so a cache of
   * verified tokens can drop entries whose key may have been removed (K4).
   */
  get generation(): number | undefined {
    return this.fetched.uat;
  }

  /** True while the keys are within `cacheMaxAge`: a token verified with them may be reused. */
  get fresh(): boolean {
    return this.remote !== undefined && this.remote.fresh;
  }

  /**
   * Finds the key for `alg`/`kid`, fetching the JWKS when needed.
   *
   * @throws InvalidTokenError `ERR_TOKEN_KEY_NOT_FOUND` when no usable key matches.
   * @throws TemporarilyUnavailableError when the JWKS cannot be had and no stale keys remain.
   */
  async getKey(alg: SupportedAlgorithm, kid: string | undefined): Promise<KeyObject> {
    const now = Date.now();
    if (this.inOutage()) {
      const retryDue = now >= this.lastFailureAt + this.options.failureBackoff;
      // Stale-while-revalidate during an outage: with keys in hand, no request waits on a
      // refresh that may hang until the timeout; one background attempt per backoff period.
      if (this.hasStaleKeys(now)) {
        if (retryDue) this.refreshInBackground();
        return this.staleKey(alg, kid, now);
      }
      if (!retryDue) return this.staleKey(alg, kid, now);
    }
    const failuresBefore = this.fetchFailures;
    let found: unknown;
    try {
      const remote = await this.remoteJwks();
      found = await remote(kid === undefined ? { alg } : { alg, kid } satisfies GetKeyHeader);
    } catch (error) {
      // Only a failed fetch (network, timeout, non-200, unparsable document) or failed
      // discovery is an outage; anything else is about this token's key: 401, no backoff.
      if (this.fetchFailures === failuresBefore && this.remote !== undefined) {
        throw new InvalidTokenError('ERR_TOKEN_KEY_NOT_FOUND', { cause: error });
      }
      this.lastFailureAt = Date.now();
      return this.staleKey(alg, kid, now, error);
    }
    return this.remember(alg, kid, found);
  }

  private async remoteJwks(): Promise<RemoteJwks> {
    if (this.remote !== undefined) return this.remote;
    this.resolving ??= this.resolveJwksUri()
      .then((url) => {
        const { timeout, cooldown, cacheMaxAge } = this.options;
        this.remote = createRemoteJWKSet(url, {
          timeoutDuration: timeout,
          cooldownDuration: cooldown,
          cacheMaxAge,
          [jwksCache]: this.fetched as JWKSCacheInput,
          [customFetch]: (input: string, init: RequestInit) => this.fetchJwks(input, init),
        });
        return this.remote;
      })
      .finally(() => {
        this.resolving = undefined;
      });
    return this.resolving;
  }

  /**
   * jose's fetch, counting failures: a network error, a timeout, a status other than 200, or
   * a body that is not a JSON object with a `keys` array. The document is re-served to jose.
   */
  private async fetchJwks(input: string, init: RequestInit): Promise<Response> {
    try {
      const response = await fetch(input, init);
      const body = response.status === 200 ? await response.text() : undefined;
      const parsed: unknown = body === undefined ? undefined : JSON.parse(body);
      if (!Array.isArray((parsed as { keys?: unknown } | undefined)?.keys)) {
        throw new Error(`The JWKS endpoint answered ${response.status} without a key set`);
      }
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    } catch (error) {
      this.fetchFailures += 1;
      throw error;
    }
  }

  /** A fetch failed after the last successful one. */
  private inOutage(): boolean {
    return this.lastFailureAt > (this.fetched.uat ?? Number.NEGATIVE_INFINITY);
  }

  private hasStaleKeys(now: number): boolean {
    const { uat, jwks } = this.fetched;
    return uat !== undefined && jwks !== undefined && now < uat + this.options.cacheMaxAge + this.options.staleWindow;
  }

  private refreshInBackground(): void {
    const remote = this.remote;
    if (remote === undefined || remote.reloading) return;
    this.lastFailureAt = Date.now();
    remote.reload().catch(() => {
      this.lastFailureAt = Date.now();
    });
  }

  /** Keys fetched before an outage, while within `cacheMaxAge + staleWindow` (K3). */
  private async staleKey(alg: SupportedAlgorithm, kid: string | undefined, now: number, cause?: unknown): Promise<KeyObject> {
    const { uat, jwks } = this.fetched;
    if (uat === undefined || jwks === undefined || !this.hasStaleKeys(now)) throw this.unavailable(now, cause);
    const known = this.keysFetchedAt === uat ? this.keys.get(keyId(alg, kid)) : undefined;
    if (known !== undefined) return known;
    let found: unknown;
    try {
      found = await createLocalJWKSet(jwks)(kid === undefined ? { alg } : { alg, kid });
    } catch (error) {
      // The key may well be in the JWKS that cannot be fetched now (a rotation during the
      // outage): "no usable key can be had" is a 503, not a verdict on the token (K3).
      if (error instanceof errors.JWKSNoMatchingKey) throw this.unavailable(now, error);
      throw new InvalidTokenError('ERR_TOKEN_KEY_NOT_FOUND', { cause: error });
    }
    return this.remember(alg, kid, found);
  }

  private unavailable(now: number, cause: unknown): TemporarilyUnavailableError {
    const waitMs = Math.max(this.lastFailureAt + this.options.failureBackoff - now, 1_000);
    return new TemporarilyUnavailableError(Math.ceil(waitMs / 1_000), { cause });
  }

  private remember(alg: SupportedAlgorithm, kid: string | undefined, found: unknown): KeyObject {
    const key = this.toKeyObject(found);
    if (!keyFitsAlgorithm(key, alg)) throw new InvalidTokenError('ERR_TOKEN_KEY_NOT_FOUND');
    if (this.keysFetchedAt !== this.fetched.uat) {
      this.keys = new Map();
      this.keysFetchedAt = this.fetched.uat;
    }
    this.keys.set(keyId(alg, kid), key);
    return key;
  }

  private toKeyObject(found: unknown): KeyObject {
    if (found instanceof KeyObject) return found;
    const cryptoKey = found as webcrypto.CryptoKey;
    let key = this.keyObjects.get(cryptoKey);
    if (key === undefined) {
      key = KeyObject.from(cryptoKey);
      this.keyObjects.set(cryptoKey, key);
    }
    return key;
  }
}

function keyId(alg: string, kid: string | undefined): string {
  return kid === undefined ? alg : `${alg} ${kid}`;
}
