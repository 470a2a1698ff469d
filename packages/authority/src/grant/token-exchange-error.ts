import { REFUSALS } from '../policy/refusal-reasons.js';
import type { TokenExchangeRefusalReason } from '../policy/token-exchange-decision.js';

/**
 * A refused exchange, thrown inside the grant handler in the shape oidc-provider's error
 * handler renders (`expose`, `statusCode`, `message` = the OAuth error code,
 * `error_description`): the token endpoint answers `{ error, error_description }` with the
 * status and `Cache-Control: no-store`. The description is fixed per reason.
 */
export class TokenExchangeError extends Error {
  readonly expose = true;
  readonly allow_redirect = false;
  readonly statusCode: number;
  readonly status: number;
  readonly error: string;
  readonly error_description: string;
  /** The stable reason, e.g. `ERR_SCOPE_NOT_HELD`. */
  readonly reason: TokenExchangeRefusalReason;
  /** For a subject or actor token that failed verification: @baton/core's reason. */
  readonly tokenError: string | undefined;

  constructor(reason: TokenExchangeRefusalReason, options?: { tokenError?: string }) {
    const { error, status, description } = REFUSALS[reason];
    super(error);
    this.name = 'TokenExchangeError';
    this.reason = reason;
    this.tokenError = options?.tokenError;
    this.error = error;
    this.status = status;
    this.statusCode = status;
    this.error_description = description;
  }
}
