import type { KeyObject } from 'node:crypto';
import type { Principal } from '../claims/principal.js';
import { validateClaims, type ClaimsRules } from '../claims/validate-claims.js';
import { InvalidTokenError } from '../errors/invalid-token.error.js';
import type { SupportedAlgorithm } from '../jws/algorithms.js';
import { decodeCompactJws } from '../jws/decode-compact-jws.js';
import { verifySignatureInBatch } from '../jws/verify-signature-in-batch.js';
import { discoverJwksUri } from '../keys/discover-jwks-uri.js';
import { RemoteKeySet } from '../keys/remote-key-set.js';
import type { AccessTokenVerifierOptions } from './access-token-verifier-options.js';
import { resolveVerifierOptions, type ResolvedIssuer } from './resolve-verifier-options.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

interface IssuerState {
  readonly config: ResolvedIssuer;
  readonly keys: RemoteKeySet;
}

/**
 * Verifies JWT access tokens (RFC 9068) for one resource server: signature with the issuer's
 * JWKS, algorithm allow-list, `typ`, `iss`, `aud`, `exp`/`nbf`/`iat`, claim types; and returns
 * the {@link Principal}. Build one per service at start-up and share it: it holds the key
 * cache and the verified-token cache.
 *
 * Failures are {@link InvalidTokenError} (401), or {@link TemporarilyUnavailableError} (503)
 * when no key can be obtained. Options are checked in the constructor (`TypeError`).
 *
 * @example
 * ```ts
 * const verifier = new AccessTokenVerifier({ issuer: 'https://auth.example.com', audience: 'eventcatalog' });
 * const principal = await verifier.verify(extractBearerToken({ headers: req.headers }));
 * ```
 */
export class AccessTokenVerifier {
  private readonly issuers: ReadonlyMap<string, IssuerState>;
  private readonly rules: ClaimsRules;
  private readonly maxTokenLength: number;
  private readonly cache: VerifiedTokenCache | undefined;

  constructor(options: AccessTokenVerifierOptions) {
    const resolved = resolveVerifierOptions(options);
    this.rules = {
      audiences: resolved.audiences,
      clockTolerance: resolved.clockTolerance,
      maxTokenAge: resolved.maxTokenAge,
      maxActorDepth: resolved.maxActorDepth,
    };
    this.maxTokenLength = resolved.maxTokenLength;
    this.cache = resolved.cache && new VerifiedTokenCache(resolved.cache.maxEntries, resolved.cache.maxBytes);
    const issuers = new Map<string, IssuerState>();
    for (const config of resolved.issuers.values()) {
      const jwksUri = config.jwksUri;
      const resolveJwksUri = jwksUri
        ? () => Promise.resolve(jwksUri)
        : () => discoverJwksUri(config.issuer, resolved.jwks.timeout, resolved.allowInsecureHttp);
      issuers.set(config.issuer, { config, keys: new RemoteKeySet(resolveJwksUri, resolved.jwks) });
    }
    this.issuers = issuers;
  }

  /**
   * Verifies `token` and returns who it speaks for.
   *
   * @throws InvalidTokenError when the token is not acceptable (`code` says why).
   * @throws TemporarilyUnavailableError when the issuer's keys cannot be obtained.
   */
  async verify(token: string): Promise<Principal> {
    if (token.length > this.maxTokenLength) throw new InvalidTokenError('ERR_TOKEN_TOO_LARGE');
    const nowSeconds = Math.floor(Date.now() / 1000);
    const cached = this.fromCache(token, nowSeconds);
    if (cached !== undefined) return cached;

    const { header, payload, signingInput, signature } = decodeCompactJws(token);
    const alg = header['alg'];
    const iss = payload['iss'];
    if (typeof iss !== 'string') throw new InvalidTokenError(iss === undefined ? 'ERR_TOKEN_ISSUER' : 'ERR_TOKEN_CLAIM_INVALID', { claim: 'iss' });
    const issuer = this.issuers.get(iss);
    if (issuer === undefined) throw new InvalidTokenError('ERR_TOKEN_ISSUER', { claim: 'iss' });
    if (typeof alg !== 'string' || !issuer.config.algorithms.has(alg)) throw new InvalidTokenError('ERR_TOKEN_ALG_NOT_ALLOWED');
    if (issuer.config.accessTokenProfile && !isAccessTokenType(header['typ'])) throw new InvalidTokenError('ERR_TOKEN_TYPE');
    const kid = header['kid'];
    if (kid !== undefined && typeof kid !== 'string') throw new InvalidTokenError('ERR_TOKEN_MALFORMED');

    const key: KeyObject =
      issuer.keys.cachedKey(alg as SupportedAlgorithm, kid) ?? (await issuer.keys.getKey(alg as SupportedAlgorithm, kid));
    // Checked with the other requests of this event-loop turn: see verifySignatureInBatch.
    if (!(await verifySignatureInBatch(alg as SupportedAlgorithm, key, signingInput, signature))) {
      throw new InvalidTokenError('ERR_TOKEN_SIGNATURE');
    }
    const principal = validateClaims(payload, iss, this.rules, nowSeconds);
    // Stored from a token's second verification on (see VerifiedTokenCache): a token sent
    // once costs no cache entry.
    if (this.cache !== undefined && this.cache.admits(token)) {
      const validUntil = this.validUntil(principal);
      const ttlMs = (validUntil + this.rules.clockTolerance) * 1000 - Date.now();
      this.cache.set(token, { principal, keys: issuer.keys, generation: issuer.keys.generation, validUntil }, ttlMs);
    }
    return principal;
  }

  /**
   * The principal of `token` when this very token (the same characters) was verified before
   * and that result still holds: the same keys, still fresh, and before the token's `exp` and
   * `maxTokenAge`. Otherwise `undefined`: call {@link verify}. Synchronous and never throws, so
   * a guard can let a repeated token through without waiting for a promise.
   *
   * Tokens are cached from their second verification on; with `verifiedTokenCache: false`
   * this always answers `undefined`.
   *
   * @example
   * ```ts
   * const principal = verifier.verifyFromCache(token) ?? (await verifier.verify(token));
   * ```
   */
  verifyFromCache(token: string): Principal | undefined {
    if (this.cache === undefined || token.length > this.maxTokenLength) return undefined;
    return this.fromCache(token, Math.floor(Date.now() / 1000));
  }

  private fromCache(token: string, nowSeconds: number): Principal | undefined {
    const cached = this.cache?.get(token);
    if (cached === undefined) return undefined;
    const keys = cached.keys;
    if (keys.fresh && keys.generation === cached.generation && nowSeconds - this.rules.clockTolerance < cached.validUntil) {
      return cached.principal;
    }
    return undefined;
  }

  /**
   * The first second at which the token is refused (before tolerance): its `exp`, or earlier
   * when `maxTokenAge` ends it first (refused once `now - tolerance > iat + maxTokenAge`).
   */
  private validUntil(principal: Principal): number {
    const { maxTokenAge } = this.rules;
    if (maxTokenAge === undefined) return principal.expiresAt;
    return Math.min(principal.expiresAt, (principal.claims['iat'] as number) + maxTokenAge + 1);
  }
}

/** RFC 9068 §4: `typ` is `at+jwt`, or the full media type `application/at+jwt`, case-insensitively. */
function isAccessTokenType(typ: unknown): boolean {
  if (typeof typ !== 'string') return false;
  const value = typ.toLowerCase();
  return value === 'at+jwt' || value === 'application/at+jwt';
}
