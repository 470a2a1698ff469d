/**
 * The authority refused the username and password (its login page answered 401).
 *
 * @example
 * ```ts
 * try { await signInWithPassword(options); } catch (error) { if (error instanceof SignInRefusedError) … }
 * ```
 */
export class SignInRefusedError extends Error {
  readonly code = 'sign_in_refused';

  constructor() {
    super('The authority refused the username or password.');
    this.name = 'SignInRefusedError';
  }
}
