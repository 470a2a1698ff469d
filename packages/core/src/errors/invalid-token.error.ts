import { BatonError } from './baton-error.js';

/** Why a token was refused. Stable values, safe to log and to assert in tests. */
export type InvalidTokenReason =
  | 'ERR_TOKEN_MALFORMED'
  | 'ERR_TOKEN_TOO_LARGE'
  | 'ERR_TOKEN_ALG_NOT_ALLOWED'
  | 'ERR_TOKEN_HEADER_UNSUPPORTED'
  | 'ERR_TOKEN_TYPE'
  | 'ERR_TOKEN_SIGNATURE'
  | 'ERR_TOKEN_KEY_NOT_FOUND'
  | 'ERR_TOKEN_ISSUER'
  | 'ERR_TOKEN_AUDIENCE'
  | 'ERR_TOKEN_EXPIRED'
  | 'ERR_TOKEN_NOT_YET_VALID'
  | 'ERR_TOKEN_CLAIM_INVALID'
  /** The authorization server refused to exchange the token (RFC 8693 `invalid_grant`, O4). */
  | 'ERR_TOKEN_EXCHANGE_REFUSED';

const descriptions: Record<InvalidTokenReason, string> = {
  ERR_TOKEN_MALFORMED: 'The access token is malformed',
  ERR_TOKEN_TOO_LARGE: 'The access token is too large',
  ERR_TOKEN_ALG_NOT_ALLOWED: 'The access token is signed with an algorithm that is not allowed',
  ERR_TOKEN_HEADER_UNSUPPORTED: 'The access token uses an unsupported JOSE header',
  ERR_TOKEN_TYPE: 'The token is not an access token',
  ERR_TOKEN_SIGNATURE: 'The access token signature is invalid',
  ERR_TOKEN_KEY_NOT_FOUND: 'No key of the issuer matches the access token',
  ERR_TOKEN_ISSUER: 'The access token issuer is not trusted',
  ERR_TOKEN_AUDIENCE: 'The access token is not meant for this service',
  ERR_TOKEN_EXPIRED: 'The access token expired',
  ERR_TOKEN_NOT_YET_VALID: 'The access token is not valid yet',
  ERR_TOKEN_CLAIM_INVALID: 'The access token has an invalid claim',
  ERR_TOKEN_EXCHANGE_REFUSED: 'The authorization server refused to exchange the access token',
};

/**
 * The bearer token was refused: malformed, badly signed, expired, for another audience…
 * RFC 6750 §3.1: 401 with `error="invalid_token"`.
 *
 * `code` says why (see {@link InvalidTokenReason}); the description is fixed per reason and
 * never echoes the token or any of its content.
 */
export class InvalidTokenError extends BatonError {
  readonly status = 401;
  readonly error = 'invalid_token';
  readonly code: InvalidTokenReason;
  /** For claim failures: the claim at fault (a fixed name such as `exp`, never its value). */
  readonly claim: string | undefined;

  constructor(code: InvalidTokenReason, options?: { claim?: string; cause?: unknown }) {
    super(descriptions[code], options);
    this.code = code;
    this.claim = options?.claim;
  }
}
