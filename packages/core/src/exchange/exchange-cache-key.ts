import { createHash } from 'node:crypto';
import type { ExchangeRequest } from './exchange-request.js';

/** What, beyond the request, makes two exchanges different. */
export interface ExchangeCacheScope {
  readonly authority: string;
  readonly clientId: string;
  readonly dialect: string;
  readonly subjectTokenType: string;
  readonly actorTokenType: string;
  readonly requestedTokenType: string;
}

/**
 * The cache key of an exchange (O2): a SHA-256 digest, base64url, of everything that changes
 * the token the authority would issue — the subject token, the client, the audience, the
 * resource, the sorted scopes, a digest of the actor token, the token types, the dialect and
 * the authority. The raw tokens are inputs to the hash only; they are never the key, and the
 * key cannot be turned back into them.
 *
 * The fields are JSON-encoded as an array before hashing, so no two different requests can
 * produce the same input (no separator ambiguity: `aud="a b", scope=""` ≠ `aud="a", scope="b"`).
 *
 * @example
 * ```ts
 * exchangeCacheKey(scope, { audience: 'discount', resource: undefined, scopes: ['discount.fullaccess'], subjectToken, actorToken: undefined })
 * // → 'mZ2s…' (43 characters)
 * ```
 */
export function exchangeCacheKey(scope: ExchangeCacheScope, request: ExchangeRequest): string {
  const actorDigest = request.actorToken === undefined ? null : createHash('sha256').update(request.actorToken).digest('base64url');
  const input = JSON.stringify([
    'baton.exchange.v1',
    scope.authority,
    scope.clientId,
    scope.dialect,
    request.subjectToken === undefined ? null : [scope.subjectTokenType, request.subjectToken],
    actorDigest === null ? null : [scope.actorTokenType, actorDigest],
    request.audience ?? null,
    request.resource ?? null,
    request.scopes,
    scope.requestedTokenType,
  ]);
  return createHash('sha256').update(input).digest('base64url');
}
