/**
 * Where the partner scenario runs and with which credentials.
 *
 * @example
 * ```ts
 * const options: PartnerScenarioOptions = {
 *   partnerIssuer: partner.issuer, authorityIssuer: authority.issuer,
 *   partnerPortal: partner.clients.partnerPortal, partnerGateway: authority.clients.partnerGateway,
 *   eventcatalogUrl: 'http://localhost:4001',
 * };
 * ```
 */
export interface PartnerScenarioOptions {
  /** The partner authority's issuer (carol signs in there). */
  readonly partnerIssuer: string;
  /** The main authority's issuer (the exchange happens there). */
  readonly authorityIssuer: string;
  /** The partner portal client at the partner authority. */
  readonly partnerPortal: { readonly id: string; readonly secret: string; readonly redirectUri: string };
  /** The partner gateway client at the main authority. */
  readonly partnerGateway: { readonly id: string; readonly secret: string };
  /** eventcatalog's base URL; the exchanged token is tried there (`GET /events`). */
  readonly eventcatalogUrl: string;
  /** The partner user. Default carol / carol-demo. */
  readonly username?: string;
  readonly password?: string;
  /** Scopes asked at the main authority. Default `eventcatalog.read eventcatalog.write`. */
  readonly scope?: string;
}

/** What the scenario found, step by step; claims only, never a token. */
export interface PartnerScenarioReport {
  /** Claims of the partner's token for the partner gateway. */
  readonly partnerClaims: Readonly<Record<string, unknown>>;
  /** HTTP status of the exchange at the main authority. */
  readonly exchangeStatus: number;
  /** The exchange's error code, when refused. */
  readonly exchangeError?: string;
  /** Claims of the exchanged token, when granted. */
  readonly exchangedClaims?: Readonly<Record<string, unknown>>;
  /** HTTP status of `GET <eventcatalog>/events` with the exchanged token, or `undefined` when eventcatalog was unreachable. */
  readonly eventcatalogStatus?: number;
  /** Human-readable lines of the run. */
  readonly lines: readonly string[];
}
