export { BatonError, quoteSafe } from './baton-error.js';
export { MissingTokenError } from './missing-token.error.js';
export { InvalidTokenError, type InvalidTokenReason } from './invalid-token.error.js';
export { InvalidRequestError, type InvalidRequestReason } from './invalid-request.error.js';
export { InsufficientScopeError } from './insufficient-scope.error.js';
export { TemporarilyUnavailableError, type TemporarilyUnavailableReason } from './temporarily-unavailable.error.js';
export { TokenExchangeFailedError, type TokenExchangeFailure } from './token-exchange-failed.error.js';
