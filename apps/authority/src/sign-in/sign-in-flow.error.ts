/**
 * The sign-in did not go as an authority of this demo answers: an unexpected status or page,
 * or too many redirects. The message names the step and the status, never a token or cookie.
 *
 * @example
 * ```ts
 * throw new SignInFlowError('GET /interaction/… answered 500');
 * ```
 */
export class SignInFlowError extends Error {
  readonly code = 'sign_in_flow_failed';

  constructor(step: string) {
    super(`The sign-in failed: ${step}.`);
    this.name = 'SignInFlowError';
  }
}
