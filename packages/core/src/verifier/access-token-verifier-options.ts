import type { SupportedAlgorithm } from '../jws/algorithms.js';
import type { JwksOptions } from '../keys/jwks-options.js';

/** An issuer this service trusts, with where its keys are. */
export interface TrustedIssuer {
  /** The issuer identifier, compared exactly with `iss` (no normalisation, C2). */
  issuer: string;
  /**
   * The issuer's JWKS URL. When omitted, it is discovered from the issuer's metadata
   * (OpenID Connect Discovery, then RFC 8414) on first use.
   */
  jwksUri?: string;
  /** Algorithms accepted from this issuer; defaults to the verifier's `algorithms`. */
  algorithms?: readonly SupportedAlgorithm[];
  /**
   * Require the RFC 9068 `typ: at+jwt` header for this issuer; defaults to the verifier's
   * `accessTokenProfile`. Turn off only for an issuer that does not set it.
   */
  accessTokenProfile?: boolean;
}

/** Settings of the verified-token cache. */
export interface VerifiedTokenCacheOptions {
  /** Most tokens kept. Default 10,000. */
  maxEntries?: number;
  /** Most memory used by the tokens kept, roughly, in bytes. Default 32 MiB. */
  maxBytes?: number;
}

/**
 * How a resource server verifies its access tokens.
 *
 * @example
 * ```ts
 * const options: AccessTokenVerifierOptions = {
 *   issuer: 'https://auth.example.com',
 *   audience: 'eventcatalog',
 * };
 * ```
 */
export interface AccessTokenVerifierOptions {
  /** The trusted issuer(s): an issuer URL, a {@link TrustedIssuer}, or a list of them. */
  issuer: string | TrustedIssuer | ReadonlyArray<string | TrustedIssuer>;
  /** This service's audience (or audiences): `aud` must contain one of them. */
  audience: string | readonly string[];
  /** Accepted JWS algorithms. Default: every asymmetric algorithm Baton supports. */
  algorithms?: readonly SupportedAlgorithm[];
  /** Require `typ: at+jwt` (RFC 9068 §4), so an ID token is never taken for an access token. Default true. */
  accessTokenProfile?: boolean;
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. Default 5. */
  clockTolerance?: number;
  /** Refuse tokens issued (`iat`) longer ago than this many seconds. Default: no limit. */
  maxTokenAge?: number;
  /** Longest token accepted, in characters; longer ones are refused before any parsing. Default 16384. */
  maxTokenLength?: number;
  /** Deepest `act` chain accepted. Default 8. */
  maxActorDepth?: number;
  /** JWKS fetching and caching. */
  jwks?: JwksOptions;
  /**
   * Reuse the result of verifying a token seen before (the same bytes) until its `exp`, while
   * its key set is unchanged and fresh. `false` turns it off. Default on.
   */
  verifiedTokenCache?: VerifiedTokenCacheOptions | false;
  /**
   * Allow `http:` issuer and JWKS URLs on hosts other than localhost. Default false:
   * plain http is accepted only for `localhost`, `127.0.0.1` and `[::1]`.
   */
  allowInsecureHttp?: boolean;
}
