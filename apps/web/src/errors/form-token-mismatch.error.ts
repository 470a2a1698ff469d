import { StorefrontError } from './storefront.error.js';

/**
 * A form was posted without this session's anti-forgery token (or with another one).
 *
 * @example
 * ```ts
 * throw new FormTokenMismatchError();
 * ```
 */
export class FormTokenMismatchError extends StorefrontError {
  readonly code = 'form_token_mismatch';
  readonly status = 403;

  constructor() {
    super('This form has expired; reload the page and try again.');
    this.name = 'FormTokenMismatchError';
  }
}
