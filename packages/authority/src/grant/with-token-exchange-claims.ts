import { EXCHANGE_CLAIMS } from './exchange-claims-registry.js';

/**
 * oidc-provider's `extraTokenClaims(ctx, token)` configuration function.
 *
 * @example
 * ```ts
 * const tenant: ExtraTokenClaims<unknown, object> = async () => ({ tenant: 'demo' });
 * ```
 */
export type ExtraTokenClaims<Context, Token extends object> = (
  ctx: Context,
  token: Token,
) => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;

/**
 * Wraps the provider's `extraTokenClaims` so that tokens issued by the token-exchange grant
 * carry their `act` claim and the claims of the policy's mapping. oidc-provider builds JWT
 * access tokens from this one configuration function, and nothing else can add claims to them,
 * so the provider must be configured with it; the grant checks every token it issues and
 * refuses to hand out one that lacks them (`server_error`).
 *
 * Tokens issued by the grant get the exchange's claims only, and the wrapped function is not
 * called for them: what an exchanged token carries is the policy's decision (least privilege).
 * Every other token gets what the wrapped function returns. Registered claims (`sub`, `aud`,
 * `scope`, `client_id`, `iss`, `exp`…) are set by oidc-provider after either.
 *
 * @example
 * ```ts
 * const provider = new Provider(issuer, {
 *   extraTokenClaims: withTokenExchangeClaims(async (ctx, token) => ({ tenant: 'demo' })),
 *   // …
 * });
 * registerTokenExchange(provider, { policy });
 * ```
 */
export function withTokenExchangeClaims<Context = unknown, Token extends object = object>(
  extraTokenClaims?: ExtraTokenClaims<Context, Token>,
): (ctx: Context, token: Token) => Promise<Record<string, unknown> | undefined> {
  if (extraTokenClaims !== undefined && typeof extraTokenClaims !== 'function') {
    throw new TypeError('`withTokenExchangeClaims(extraTokenClaims)` takes your own `extraTokenClaims(ctx, token)` function, or nothing.');
  }
  return async (ctx, token) => {
    const exchange = EXCHANGE_CLAIMS.get(token);
    if (exchange !== undefined) return { ...exchange };
    return extraTokenClaims === undefined ? undefined : await extraTokenClaims(ctx, token);
  };
}
