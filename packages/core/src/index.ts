/**
 * @baton/core: framework-agnostic OAuth 2.0 resource-server primitives.
 *
 * @packageDocumentation
 */
export { extractBearerToken, type BearerExtractionOptions, type BearerSources, type HeadersLike } from './bearer/extract-bearer-token.js';
export type { Actor, Principal } from './claims/principal.js';
export {
  BatonError,
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  MissingTokenError,
  TemporarilyUnavailableError,
  TokenExchangeFailedError,
  type InvalidRequestReason,
  type InvalidTokenReason,
  type TemporarilyUnavailableReason,
  type TokenExchangeFailure,
} from './errors/index.js';
export { SUPPORTED_ALGORITHMS, type SupportedAlgorithm } from './jws/algorithms.js';
export { DEFAULT_JWKS_OPTIONS, type JwksOptions } from './keys/jwks-options.js';
export { assertScopes, hasRequiredScopes, scopeRequirement, type ScopeRequirement } from './scope/scope-requirement.js';
export { AccessTokenVerifier } from './verifier/access-token-verifier.js';
export type { AccessTokenVerifierOptions, TrustedIssuer, VerifiedTokenCacheOptions } from './verifier/access-token-verifier-options.js';
export { DelegatedTokenSource } from './exchange/delegated-token-source.js';
export type {
  ClientAssertionAlgorithm,
  ClientAuthMethod,
  DelegatedClientOptions,
  DelegatedTokenSourceOptions,
  ExchangeCircuitBreakerOptions,
  ExchangedTokenCacheOptions,
  TokenExchangeDialect,
} from './exchange/delegated-token-source-options.js';
export type { DownstreamTarget } from './exchange/downstream-target.js';
export type { ExchangedTokenEntry, ExchangedTokenStore } from './exchange/exchanged-token-store.js';
export { MemoryExchangedTokenStore, type MemoryExchangedTokenStoreOptions } from './exchange/memory-exchanged-token-store.js';
export type { ObtainedToken } from './exchange/obtained-token.js';
