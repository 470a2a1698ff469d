/**
 * One outbound request as the on-behalf-of pipeline sees it, whatever the HTTP client
 * (fetch, axios): it can be sent with a given `Authorization` value, and its answer read.
 * Internal to the interceptor and the fetch client.
 */
export interface OutboundRequest<R extends { readonly status: number }> {
  /** HTTP method, any case. */
  readonly method: string;
  /** The body can be sent again (none, or not a stream): retries and the re-exchange are allowed. */
  readonly replayable: boolean;
  /** The caller's own abort signal, if any: its abort is not a downstream failure. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Sends the request once (redirects included) with this `Authorization` value; must give up
   * as soon as `signal` aborts (the per-attempt timeout relies on it).
   */
  send(authorization: string, signal: AbortSignal): Promise<R>;
  /** A response header, by lower-case name. */
  header(response: R, name: string): string | undefined;
  /**
   * Whether the answer comes from a hop that received the token: false once a redirect left
   * the downstream (its 401 or 403 then says nothing about our token).
   */
  carriedToken(response: R): boolean;
}
