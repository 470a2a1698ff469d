import { BatonError } from './baton-error.js';

/**
 * Why the authorization server would not issue a token to this service. Each one is a fault of
 * this service's configuration or of the authority, never of the inbound caller:
 *
 * - `ERR_EXCHANGE_INVALID_CLIENT`: the client id, secret or key was refused (`invalid_client`);
 * - `ERR_EXCHANGE_UNAUTHORIZED_CLIENT`: the client may not use this grant (`unauthorized_client`);
 * - `ERR_EXCHANGE_INVALID_TARGET`: unknown or forbidden audience/resource (`invalid_target`);
 * - `ERR_EXCHANGE_INVALID_SCOPE`: a scope this client may not obtain (`invalid_scope`);
 * - `ERR_EXCHANGE_UNSUPPORTED_GRANT_TYPE`: the authority does not know the grant (`unsupported_grant_type`);
 * - `ERR_EXCHANGE_UNSUPPORTED_TOKEN_TYPE`: it will not take or issue these token types (`unsupported_token_type`);
 * - `ERR_EXCHANGE_INVALID_RESPONSE`: the token endpoint's answer is not a usable token response;
 * - `ERR_EXCHANGE_METADATA`: the authority's metadata could not be used (discovery failed with a
 *   4xx, the issuer does not match, no usable `token_endpoint`);
 * - `ERR_EXCHANGE_FAILED`: any other refusal (`oauthError` names it when there is one).
 *
 * @example
 * ```ts
 * if (e instanceof TokenExchangeFailedError && e.code === 'ERR_EXCHANGE_INVALID_CLIENT') alert('check SHOPPINGBASKET_SECRET');
 * ```
 */
export type TokenExchangeFailure =
  | 'ERR_EXCHANGE_INVALID_CLIENT'
  | 'ERR_EXCHANGE_UNAUTHORIZED_CLIENT'
  | 'ERR_EXCHANGE_INVALID_TARGET'
  | 'ERR_EXCHANGE_INVALID_SCOPE'
  | 'ERR_EXCHANGE_UNSUPPORTED_GRANT_TYPE'
  | 'ERR_EXCHANGE_UNSUPPORTED_TOKEN_TYPE'
  | 'ERR_EXCHANGE_INVALID_RESPONSE'
  | 'ERR_EXCHANGE_METADATA'
  | 'ERR_EXCHANGE_FAILED';

/** RFC 6749 §5.2 `error` values are NQSCHAR; anything else is not echoed. */
const OAUTH_ERROR_CODE = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

/**
 * This service could not obtain a token for a downstream call because the authorization server
 * refused the service itself (its client credentials, its right to the grant, the target or the
 * scopes it asked for) or answered something unusable. The inbound caller's token is not at
 * fault, so this is not a 401: it answers **502** with `error: "server_error"`, no challenge,
 * and a fixed description; the details are on the error for logs (`code`, `oauthError`,
 * `authorityStatus`), never in the response.
 *
 * The authority refusing the *subject token* is an {@link InvalidTokenError}
 * (`ERR_TOKEN_EXCHANGE_REFUSED`, 401), and an unreachable, slow or rate-limiting authority a
 * {@link TemporarilyUnavailableError} (503).
 *
 * @example
 * ```ts
 * try { await tokens.tokenFor({ audience: 'discount' }, inboundToken) }
 * catch (e) { if (e instanceof TokenExchangeFailedError) logger.error(`token exchange refused: ${e.code} (${e.oauthError ?? 'no OAuth code'})`) }
 * ```
 */
export class TokenExchangeFailedError extends BatonError {
  readonly status = 502;
  readonly error = 'server_error';
  readonly code: TokenExchangeFailure;
  /** The OAuth `error` the authority answered (e.g. `invalid_target`), when it sent a well-formed one. */
  readonly oauthError: string | undefined;
  /** The HTTP status the authority answered, when it answered. */
  readonly authorityStatus: number | undefined;

  constructor(code: TokenExchangeFailure, options?: { oauthError?: unknown; authorityStatus?: number; cause?: unknown }) {
    super('The service could not obtain a token for a downstream service', options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    const oauthError = options?.oauthError;
    this.oauthError = typeof oauthError === 'string' && OAUTH_ERROR_CODE.test(oauthError) ? oauthError : undefined;
    this.authorityStatus = options?.authorityStatus;
  }

  /** Not the caller's fault: no bearer challenge. */
  override wwwAuthenticate(): undefined {
    return undefined;
  }
}
