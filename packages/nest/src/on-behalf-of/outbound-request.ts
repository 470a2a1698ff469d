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
   * Who enforces the downstream's `timeoutMs`: `'signal'`, the attempt aborts the signal it
   * gives `send`; `'client'`, the HTTP client itself (fetch through the downstream's
   * `HeadersTimeoutDispatcher`, axios with its `timeout`), which then fails with an error
   * `isTimeout` recognises.
   */
  readonly timeout: 'signal' | 'client';
  /**
   * Sends the request once (redirects included) with this `Authorization` value. With
   * `timeout: 'signal'`, `signal` is the attempt's (the caller's signal included) and `send`
   * must give up as soon as it aborts; with `'client'`, it is the caller's own, if any.
   */
  send(authorization: string, signal: AbortSignal | undefined): Promise<R>;
  /** With `timeout: 'client'`: whether an error of `send` is the client's timeout. */
  isTimeout?(error: unknown): boolean;
  /** A response header, by lower-case name. */
  header(response: R, name: string): string | undefined;
  /**
   * Whether the answer comes from a hop that received the token: false once a redirect left
   * the downstream (its 401 or 403 then says nothing about our token).
   */
  carriedToken(response: R): boolean;
}
