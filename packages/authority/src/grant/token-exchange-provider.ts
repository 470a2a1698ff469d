/*
 * The part of oidc-provider's Provider that the grant uses, written out structurally: the
 * package has no runtime dependency on oidc-provider (and oidc-provider ships no types), so
 * any Provider instance of version 9 fits.
 */

/**
 * The client model of oidc-provider, as far as the grant reads it.
 *
 * @example
 * ```ts
 * const allowed = client.grantTypeAllowed(TOKEN_EXCHANGE_GRANT_TYPE);
 * ```
 */
export interface ProviderClient {
  readonly clientId: string;
  grantTypeAllowed(grantType: string): boolean;
}

/**
 * `ctx.oidc` of a token-endpoint request.
 *
 * @example
 * ```ts
 * const clientId = ctx.oidc?.client?.clientId;
 * ```
 */
export interface ProviderRequestContext {
  readonly route?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly client?: ProviderClient;
  entity(name: string, value: unknown): void;
}

/**
 * The Koa context oidc-provider hands to grant handlers and middleware.
 *
 * @example
 * ```ts
 * ctx.set('Retry-After', '5');
 * ```
 */
export interface ProviderContext {
  readonly oidc?: ProviderRequestContext;
  status: number;
  body: unknown;
  set(name: string, value: string): void;
}

/**
 * An access token model instance (`new provider.AccessToken(…)`).
 *
 * @example
 * ```ts
 * const value = await new provider.AccessToken({ client, accountId: 'alice' }).save();
 * ```
 */
export interface ProviderAccessToken {
  readonly tokenType: string;
  /** Set by `save()`. */
  readonly jti?: string;
  save(): Promise<string>;
}

/**
 * An oidc-provider 9 `Provider`, as far as {@link registerTokenExchange} uses it.
 *
 * @example
 * ```ts
 * const provider = new Provider(issuer, configuration);
 * registerTokenExchange(provider, { policy });
 * ```
 */
export interface TokenExchangeProvider {
  readonly issuer: string;
  readonly AccessToken: new (init: Record<string, unknown>) => ProviderAccessToken;
  registerGrantType(
    grantType: string,
    handler: (ctx: ProviderContext) => Promise<void>,
    parameters: Iterable<string>,
    allowedDuplicateParameters: Iterable<string>,
  ): void;
  urlFor(name: string): string;
  use(middleware: (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>): unknown;
  emit(event: string, ...args: unknown[]): boolean;
}
