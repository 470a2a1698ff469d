import type { JsonWebKey, KeyObject, webcrypto } from 'node:crypto';
import type { ExchangedTokenStore } from './exchanged-token-store.js';

/**
 * The wire form of the exchange: `rfc8693` (OAuth 2.0 Token Exchange: Keycloak, Okta, Auth0,
 * Baton's authority…) or `entra-obo` (Microsoft Entra ID's on-behalf-of flow: the JWT-bearer
 * grant with `requested_token_use=on_behalf_of`).
 *
 * @example
 * ```ts
 * new DelegatedTokenSource({ authority: 'https://login.microsoftonline.com/<tenant>/v2.0', dialect: 'entra-obo', client });
 * ```
 */
export type TokenExchangeDialect = 'rfc8693' | 'entra-obo';

/**
 * How the client authenticates at the token endpoint (RFC 6749 §2.3, OpenID Connect Core §9).
 *
 * @example
 * ```ts
 * const client: DelegatedClientOptions = { id: 'shoppingbasket', secret, authMethod: 'client_secret_post' };
 * ```
 */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/**
 * Signature algorithms of a `private_key_jwt` client assertion.
 *
 * @example
 * ```ts
 * const client: DelegatedClientOptions = { id: 'shoppingbasket', privateKey, assertionAlgorithm: 'PS256' };
 * ```
 */
export type ClientAssertionAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

/**
 * This service as a client of the authorization server.
 *
 * @example
 * ```ts
 * const withSecret: DelegatedClientOptions = { id: 'shoppingbasket', secret: process.env.SHOPPINGBASKET_SECRET };
 * const withKey: DelegatedClientOptions = { id: 'shoppingbasket', privateKey: readFileSync('client-key.pem', 'utf8'), keyId: 'k1' };
 * ```
 */
export interface DelegatedClientOptions {
  /** The client id at the authorization server. */
  id: string;
  /** The client secret, for `client_secret_basic` / `client_secret_post`. Never logged. */
  secret?: string;
  /**
   * The private key, for `private_key_jwt`: a `KeyObject`, a WebCrypto `CryptoKey`, a private
   * JWK, or a PKCS#8 PEM string. Never logged.
   */
  privateKey?: KeyObject | webcrypto.CryptoKey | JsonWebKey | string;
  /** `kid` of the client assertion's header (default: the JWK's `kid`, if any). */
  keyId?: string;
  /**
   * Algorithm of the client assertion. Default from the key: RS256 for RSA, ES256/384/512 by
   * curve, EdDSA for Ed25519 (Entra ID wants PS256 or RS256).
   */
  assertionAlgorithm?: ClientAssertionAlgorithm;
  /**
   * Default: `client_secret_basic` when `secret` is given, `private_key_jwt` when `privateKey` is.
   */
  authMethod?: ClientAuthMethod;
}

/**
 * The exchanged-token cache.
 *
 * @example
 * ```ts
 * const cache: ExchangedTokenCacheOptions = { maxEntries: 5000, skewSeconds: 30, refreshAheadSeconds: 60 };
 * ```
 */
export interface ExchangedTokenCacheOptions {
  /** Most entries kept in memory. Default 10,000. Ignored with a custom `store`. */
  maxEntries?: number;
  /** Most bytes kept in memory, roughly. Default 16 MiB. Ignored with a custom `store`. */
  maxBytes?: number;
  /** An entry stops being served this many seconds before its token's `expiresAt`. Default 30. */
  skewSeconds?: number;
  /**
   * A hit within this many seconds of the entry's end starts one background exchange, while
   * callers keep getting the cached token. The moment is drawn at random between this and
   * half of it before the end (jitter), and never before half of the entry's life; 0 turns
   * refreshing ahead off. Default 60.
   */
  refreshAheadSeconds?: number;
  /** Where entries are kept. Default: a {@link MemoryExchangedTokenStore} with the bounds above. */
  store?: ExchangedTokenStore;
}

/**
 * The circuit breaker in front of the token endpoint (cockatiel `ConsecutiveBreaker`).
 *
 * @example
 * ```ts
 * const breaker: ExchangeCircuitBreakerOptions = { consecutiveFailures: 5, halfOpenAfterMs: 10_000 };
 * ```
 */
export interface ExchangeCircuitBreakerOptions {
  /** Failures in a row (network, timeout, 5xx) that open the circuit. Default 5. */
  consecutiveFailures?: number;
  /** Time the circuit stays open (exchanges fail at once with 503) before one trial call. Default 10,000 ms. */
  halfOpenAfterMs?: number;
}

/**
 * How a {@link DelegatedTokenSource} reaches the authorization server and caches its answers.
 *
 * @example
 * ```ts
 * const options: DelegatedTokenSourceOptions = {
 *   authority: 'https://auth.example.com',
 *   client: { id: 'shoppingbasket', secret: process.env.SHOPPINGBASKET_SECRET },
 * };
 * ```
 */
export interface DelegatedTokenSourceOptions {
  /**
   * The authorization server's issuer URL. Its token endpoint is found by discovery
   * (OpenID Connect Discovery, on first use) unless `tokenEndpoint` is given; the discovered
   * `issuer` must equal it.
   */
  authority: string;
  /** The token endpoint URL; skips discovery. */
  tokenEndpoint?: string;
  /** This service's client id and credentials. */
  client: DelegatedClientOptions;
  /** Wire form of the exchange. Default `rfc8693`. */
  dialect?: TokenExchangeDialect;
  /** RFC 8693 `subject_token_type`. Default `urn:ietf:params:oauth:token-type:access_token`. */
  subjectTokenType?: string;
  /** RFC 8693 `actor_token_type`, sent with an actor token. Default `urn:ietf:params:oauth:token-type:access_token`. */
  actorTokenType?: string;
  /** RFC 8693 `requested_token_type`. Default `urn:ietf:params:oauth:token-type:access_token`. */
  requestedTokenType?: string;
  /**
   * Allow plain `http:` authority and token endpoint URLs, for local development: only on
   * `localhost`, `127.0.0.1` and `[::1]`, and only when this is true. Default false (https only).
   */
  allowInsecureHttp?: boolean;
  /** The exchanged-token cache; `false` turns it off (every call exchanges; single flight stays). */
  cache?: ExchangedTokenCacheOptions | false;
  /** Longest wait for one attempt at the authority (the token request, plus discovery the first time), in ms. Default 5,000. */
  timeoutMs?: number;
  /**
   * Extra attempts after a network failure or a 5xx answer without `Retry-After`, with
   * exponential backoff (100 ms to 1 s, jittered). Never after a 4xx, a 429, a timeout or an
   * answer with `Retry-After`. Default 2; 0 turns retries off.
   */
  retries?: number;
  /** Opens after consecutive failures; `false` turns it off. Default `{ consecutiveFailures: 5, halfOpenAfterMs: 10_000 }`. */
  circuitBreaker?: ExchangeCircuitBreakerOptions | false;
  /**
   * Longest `Retry-After` honoured, in seconds: a 429 or 5xx with `Retry-After` stops all
   * exchanges for that long (at most this), and callers get 503 with the time left. Default 60.
   */
  maxRetryAfterSeconds?: number;
}
