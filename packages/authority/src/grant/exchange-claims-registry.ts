/**
 * Claims waiting for an access token being issued by the grant (`act` and the mapping's
 * claims), keyed by the token model instance. oidc-provider builds the JWT payload from
 * `extraTokenClaims(ctx, token)`, which reads them here through {@link withTokenExchangeClaims}.
 */
export const EXCHANGE_CLAIMS = new WeakMap<object, Readonly<Record<string, unknown>>>();
