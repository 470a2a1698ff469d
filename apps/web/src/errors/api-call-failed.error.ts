import { StorefrontError } from './storefront.error.js';

/**
 * An API answered with an error (or not at all). Carries what the person may see: the API, the
 * status and the OAuth error code, never the request's token.
 *
 * @example
 * ```ts
 * throw new ApiCallFailedError('shoppingbasket', 503, 'temporarily_unavailable');
 * ```
 */
export class ApiCallFailedError extends StorefrontError {
  readonly code = 'api_call_failed';
  readonly status = 502;

  /**
   * @param api which API failed, e.g. `eventcatalog`.
   * @param apiStatus its HTTP status, or 0 when it did not answer.
   * @param apiError the `error` it reported (RFC 6750 code or similar), if any.
   */
  constructor(
    readonly api: string,
    readonly apiStatus: number,
    readonly apiError?: string,
  ) {
    super(apiStatus === 0 ? `${api} did not answer.` : `${api} answered ${apiStatus}${apiError ? ` (${apiError})` : ''}.`);
    this.name = 'ApiCallFailedError';
  }
}
