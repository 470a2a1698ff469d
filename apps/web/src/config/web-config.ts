/** The two APIs the storefront calls with a token of its own, one audience per token. */
export type StorefrontApi = 'eventcatalog' | 'shoppingbasket';

/**
 * How the storefront asks the authority for a token for one API.
 *
 * @example
 * ```ts
 * const eventcatalog: ApiTokenRequest = { resource: 'urn:globoticket:eventcatalog', scope: 'eventcatalog.read' };
 * ```
 */
export interface ApiTokenRequest {
  /** The RFC 8707 resource indicator that selects the API's audience at the authority. */
  readonly resource: string;
  /** The scopes asked for this API's token (space-separated), never more than its pages need. */
  readonly scope: string;
}

/**
 * Everything the storefront needs to run. `webConfigFromEnvironment` builds it from the demo
 * topology; tests build it by hand. `checkWebConfig` checks it at start-up.
 *
 * @example
 * ```ts
 * const config: WebConfig = {
 *   webUrl: 'http://localhost:3000', authorityUrl: 'http://localhost:4000',
 *   eventcatalogUrl: 'http://localhost:4001', shoppingbasketUrl: 'http://localhost:4002', discountUrl: 'http://localhost:4003',
 *   clientId: 'web', clientSecret, sessionSecret,
 *   signInScope: 'openid offline_access eventcatalog.read shoppingbasket.fullaccess',
 *   apis: {
 *     eventcatalog: { resource: 'urn:globoticket:eventcatalog', scope: 'eventcatalog.read' },
 *     shoppingbasket: { resource: 'urn:globoticket:shoppingbasket', scope: 'shoppingbasket.fullaccess' },
 *   },
 *   allowInsecureHttp: true,
 * };
 * ```
 */
export interface WebConfig {
  /** The storefront's own public base URL; the redirect URI is `<webUrl>/auth/callback`. */
  readonly webUrl: string;
  /** The authority's issuer identifier (discovery at `<authorityUrl>/.well-known/openid-configuration`). */
  readonly authorityUrl: string;
  /** eventcatalog's base URL. */
  readonly eventcatalogUrl: string;
  /** shoppingbasket's base URL. */
  readonly shoppingbasketUrl: string;
  /** discount's base URL: only the "see the guarantees" page calls it, to show it refuses the storefront. */
  readonly discountUrl: string;
  /** The storefront's client id at the authority (confidential client). */
  readonly clientId: string;
  /** The storefront's client secret. Never logged, never rendered. */
  readonly clientSecret: string;
  /** The key that signs the session cookie. */
  readonly sessionSecret: string;
  /** Scopes asked at sign-in: `openid`, `offline_access` and every API scope the storefront may use. */
  readonly signInScope: string;
  /** One token request per API; the sign-in asks for every resource listed here. */
  readonly apis: Readonly<Record<StorefrontApi, ApiTokenRequest>>;
  /**
   * Allow plain http to the authority. The demo runs on localhost without TLS; this is refused
   * for any other host.
   */
  readonly allowInsecureHttp: boolean;
  /** Milliseconds an API or authority call may take before it is cut off. Default 5000. */
  readonly requestTimeoutMs?: number;
}
