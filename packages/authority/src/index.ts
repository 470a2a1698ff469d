/**
 * @baton/authority: the RFC 8693 token-exchange grant for oidc-provider, with a declarative
 * least-privilege policy (targets, scope mapping, claims rules, claims transformation,
 * delegation), trusted issuers, a dry run and an audit trail.
 *
 * @packageDocumentation
 */
export type { TokenExchangeAuditEvent } from './audit/token-exchange-audit-event.js';
export { explainTokenExchange, type TokenExchangeInput } from './explain-token-exchange.js';
export { registerTokenExchange } from './grant/register-token-exchange.js';
export { TOKEN_EXCHANGE_GRANT_TYPE } from './grant/token-exchange-grant-type.js';
export type { TokenExchangeOptions } from './grant/token-exchange-options.js';
export type { ProviderAccessToken, ProviderClient, ProviderContext, ProviderRequestContext, TokenExchangeProvider } from './grant/token-exchange-provider.js';
export { TOKEN_TYPES } from './grant/token-types.js';
export { withTokenExchangeClaims, type ExtraTokenClaims } from './grant/with-token-exchange-claims.js';
export type { ClaimTransform, JsonValue } from './policy/claim-transform.js';
export { REFUSALS } from './policy/refusal-reasons.js';
export type { ClaimPath, ClaimScalar, ScopeCondition } from './policy/scope-condition.js';
export type {
  ActClaim,
  TokenExchangeDecision,
  TokenExchangeErrorCode,
  TokenExchangeGranted,
  TokenExchangeRefusalReason,
  TokenExchangeRefused,
} from './policy/token-exchange-decision.js';
export type {
  AudiencePolicy,
  ClientPolicy,
  ScopeRule,
  SubjectMapping,
  TargetPolicy,
  TokenExchangePolicy,
  TrustedIssuerPolicy,
} from './policy/token-exchange-policy.js';
export { validateTokenExchangePolicy } from './policy/validate-token-exchange-policy.js';
