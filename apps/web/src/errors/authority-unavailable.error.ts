import { StorefrontError } from './storefront.error.js';

/**
 * The authority could not be reached or answered with an error the storefront cannot act on.
 *
 * @example
 * ```ts
 * throw new AuthorityUnavailableError();
 * ```
 */
export class AuthorityUnavailableError extends StorefrontError {
  readonly code = 'authority_unavailable';
  readonly status = 503;

  constructor() {
    super('The sign-in service is not answering right now; try again in a moment.');
    this.name = 'AuthorityUnavailableError';
  }
}
