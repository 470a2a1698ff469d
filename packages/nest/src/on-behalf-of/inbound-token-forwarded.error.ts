import { BatonError } from '@baton/core';

/**
 * An outbound request carried the inbound access token itself (in a header or the URL), and
 * was stopped before it left (SECURITY.md O1): the token was issued for this service's audience
 * only. Application code must call downstreams through `DownstreamClient` or the `HttpService`
 * interceptor, which obtain a token for the downstream instead.
 *
 * A programming fault, so 500 with nothing of it in the response; `where` says which part of
 * the request carried the token (`header` or `url`).
 *
 * @example
 * ```ts
 * // Refused: the inbound token must never be forwarded
 * await firstValueFrom(http.get(url, { headers: { 'x-user-token': inboundToken } }))
 * ```
 */
export class InboundTokenForwardedError extends BatonError {
  readonly code = 'ERR_INBOUND_TOKEN_FORWARDED';
  readonly status = 500;
  readonly error = 'server_error';
  /** Which part of the outbound request carried the inbound token. */
  readonly where: 'header' | 'url';

  constructor(where: 'header' | 'url') {
    super('The service tried to forward its inbound access token');
    this.where = where;
  }

  /** Not the caller's fault: no challenge. */
  override wwwAuthenticate(): undefined {
    return undefined;
  }
}
