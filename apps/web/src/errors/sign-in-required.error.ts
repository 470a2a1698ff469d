import { StorefrontError } from './storefront.error.js';

/**
 * The page needs a signed-in person (no session, or the authority no longer honours its refresh
 * token). The storefront answers with a redirect to sign in.
 *
 * @example
 * ```ts
 * throw new SignInRequiredError('/basket');
 * ```
 */
export class SignInRequiredError extends StorefrontError {
  readonly code = 'sign_in_required';
  readonly status = 401;

  /** @param returnTo the local path to come back to after signing in. */
  constructor(readonly returnTo = '/') {
    super('Please sign in to continue.');
    this.name = 'SignInRequiredError';
  }
}
