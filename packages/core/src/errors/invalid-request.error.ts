import { BatonError } from './baton-error.js';

/** Why a request was malformed. */
export type InvalidRequestReason =
  | 'ERR_MULTIPLE_TOKENS'
  | 'ERR_MALFORMED_AUTHORIZATION'
  | 'ERR_TOKEN_LOCATION_NOT_ALLOWED';

const descriptions: Record<InvalidRequestReason, string> = {
  ERR_MULTIPLE_TOKENS: 'More than one access token was sent',
  ERR_MALFORMED_AUTHORIZATION: 'The Authorization header is malformed',
  ERR_TOKEN_LOCATION_NOT_ALLOWED: 'The access token was sent in a place this service does not accept',
};

/**
 * The request itself is malformed: several credentials, an empty bearer token, a token in a
 * place that is not allowed. RFC 6750 §3.1: 400 with `error="invalid_request"`.
 */
export class InvalidRequestError extends BatonError {
  readonly status = 400;
  readonly error = 'invalid_request';
  readonly code: InvalidRequestReason;

  constructor(code: InvalidRequestReason) {
    super(descriptions[code]);
    this.code = code;
  }
}
