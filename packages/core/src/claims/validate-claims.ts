import { InvalidTokenError } from '../errors/invalid-token.error.js';
import type { Actor, Principal } from './principal.js';

/** What the claims must satisfy; built once from the verifier's options. */
export interface ClaimsRules {
  readonly audiences: ReadonlySet<string>;
  /** Seconds of tolerance for `exp`, `nbf` and `iat`. */
  readonly clockTolerance: number;
  /** Refuse tokens whose `iat` is older than this many seconds, when set. */
  readonly maxTokenAge: number | undefined;
  /** Deepest `act` nesting accepted (bounds work on hostile tokens). */
  readonly maxActorDepth: number;
}

/**
 * Checks the registered claims of a signature-verified payload and builds the principal
 * (C2, C3, C4). `iss` has already been matched exactly by the caller, who picked the keys.
 *
 * Boundaries, with `now` in whole seconds and `t` the tolerance:
 * expired when `now - t >= exp`; not yet valid when `nbf > now + t` or `iat > now + t`.
 */
export function validateClaims(payload: Readonly<Record<string, unknown>>, issuer: string, rules: ClaimsRules, now: number): Principal {
  const exp = payload['exp'];
  if (!isNumericDate(exp)) throw new InvalidTokenError('ERR_TOKEN_CLAIM_INVALID', { claim: 'exp' });
  if (now - rules.clockTolerance >= exp) throw new InvalidTokenError('ERR_TOKEN_EXPIRED', { claim: 'exp' });

  const nbf = payload['nbf'];
  if (nbf !== undefined) {
    if (!isNumericDate(nbf)) throw new InvalidTokenError('ERR_TOKEN_CLAIM_INVALID', { claim: 'nbf' });
    if (nbf > now + rules.clockTolerance) throw new InvalidTokenError('ERR_TOKEN_NOT_YET_VALID', { claim: 'nbf' });
  }
  const iat = payload['iat'];
  if (iat !== undefined) {
    if (!isNumericDate(iat)) throw new InvalidTokenError('ERR_TOKEN_CLAIM_INVALID', { claim: 'iat' });
    if (iat > now + rules.clockTolerance) throw new InvalidTokenError('ERR_TOKEN_NOT_YET_VALID', { claim: 'iat' });
  }
  if (rules.maxTokenAge !== undefined) {
    if (iat === undefined) throw new InvalidTokenError('ERR_TOKEN_CLAIM_INVALID', { claim: 'iat' });
    if (now - rules.clockTolerance > iat + rules.maxTokenAge) throw new InvalidTokenError('ERR_TOKEN_EXPIRED', { claim: 'iat' });
  }

  const audience = readAudience(payload['aud']);
  if (!audience.some((value) => rules.audiences.has(value))) {
    throw new InvalidTokenError('ERR_TOKEN_AUDIENCE', { claim: 'aud' });
  }

  // Frozen: a cached principal is shared by every request that presents the same token.
  return Object.freeze({
    subject: optionalString(payload, 'sub'),
    clientId: optionalString(payload, 'client_id'),
    scopes: readScopes(payload),
    audience,
    issuer,
    expiresAt: exp,
    tokenId: optionalString(payload, 'jti'),
    actor: readActor(payload['act'], rules.maxActorDepth),
    claims: Object.freeze(payload),
  });
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** `payload[member]` if a string; otherwise refused, naming `claim` (the top-level claim at fault). */
function optionalString(payload: Readonly<Record<string, unknown>>, member: string, claim: string = member): string | undefined {
  const value = payload[member];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidTokenError('ERR_TOKEN_CLAIM_INVALID', { claim });
  return value;
}

function readAudience(aud: unknown): string[] {
  if (typeof aud === 'string' && aud.length > 0) return [aud];
  if (Array.isArray(aud) && aud.length > 0 && aud.every((value) => typeof value === 'string' && value.length > 0)) {
    return aud as string[];
  }
  throw new InvalidTokenError(aud === undefined ? 'ERR_TOKEN_AUDIENCE' : 'ERR_TOKEN_CLAIM_INVALID', { claim: 'aud' });
}

/** `scope` (RFC 8693 §4.2, space-separated string) or `scp` (string array or string). */
function readScopes(payload: Readonly<Record<string, unknown>>): ReadonlySet<string> {
  const scope = payload['scope'];
  if (scope !== undefined) {
    if (typeof scope !== 'string') throw new InvalidTokenError('ERR_TOKEN_CLAIM_INVALID', { claim: 'scope' });
    return splitScopes(scope);
  }
  const scp = payload['scp'];
  if (scp === undefined) return new Set();
  if (typeof scp === 'string') return splitScopes(scp);
  if (Array.isArray(scp) && scp.every((value) => typeof value === 'string')) return new Set(scp as string[]);
  throw new InvalidTokenError('ERR_TOKEN_CLAIM_INVALID', { claim: 'scp' });
}

function splitScopes(scope: string): ReadonlySet<string> {
  const scopes = new Set(scope.split(' '));
  scopes.delete('');
  return scopes;
}

function readActor(act: unknown, depthLeft: number): Actor | undefined {
  if (act === undefined) return undefined;
  if (act === null || typeof act !== 'object' || Array.isArray(act) || depthLeft <= 0) {
    throw new InvalidTokenError('ERR_TOKEN_CLAIM_INVALID', { claim: 'act' });
  }
  const claims = act as Record<string, unknown>;
  return Object.freeze({
    subject: optionalString(claims, 'sub', 'act'),
    clientId: optionalString(claims, 'client_id', 'act'),
    issuer: optionalString(claims, 'iss', 'act'),
    actor: readActor(claims['act'], depthLeft - 1),
  });
}
