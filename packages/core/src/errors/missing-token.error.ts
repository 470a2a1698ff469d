import { BatonError } from './baton-error.js';

/**
 * The request carried no bearer token (or only another scheme such as `Basic`).
 * RFC 6750 §3.1: answer 401 with a bare `WWW-Authenticate: Bearer` challenge, no error code.
 */
export class MissingTokenError extends BatonError {
  readonly code = 'ERR_MISSING_TOKEN';
  readonly status = 401;
  readonly error = undefined;

  constructor() {
    super('No bearer token was sent');
  }
}
