/**
 * One exchange (or client-credentials grant), normalised: what goes on the wire and what
 * identifies the cache entry. Built by `normaliseExchangeRequest`.
 */
export interface ExchangeRequest {
  readonly audience: string | undefined;
  readonly resource: string | undefined;
  /** Unique and sorted. */
  readonly scopes: readonly string[];
  readonly subjectToken: string | undefined;
  readonly actorToken: string | undefined;
}
