import { StorefrontError } from './storefront.error.js';

/**
 * The authority's answer to a sign-in could not be accepted: an error from the authority
 * (e.g. `access_denied`), a state or nonce that does not match, or no sign-in in progress.
 *
 * @example
 * ```ts
 * throw new SignInFailedError('the sign-in expired or was started in another browser');
 * ```
 */
export class SignInFailedError extends StorefrontError {
  readonly code = 'sign_in_failed';
  readonly status = 400;

  /** @param reason a fixed sentence for the person (never text taken from the request). */
  constructor(reason: string) {
    super(`Signing in did not complete: ${reason}.`);
    this.name = 'SignInFailedError';
  }
}
