import { BatonError } from './baton-error.js';

/**
 * The token is valid but lacks the scope(s) the route requires.
 * RFC 6750 §3.1: 403 with `error="insufficient_scope"` and `scope="…"` naming what is needed.
 */
export class InsufficientScopeError extends BatonError {
  readonly code = 'ERR_INSUFFICIENT_SCOPE';
  readonly status = 403;
  readonly error = 'insufficient_scope';
  /** The scopes the route requires (all of them, or any one when `mode` is `any`). */
  readonly requiredScopes: readonly string[];
  readonly mode: 'all' | 'any';

  constructor(requiredScopes: readonly string[], mode: 'all' | 'any' = 'all') {
    super(mode === 'all' ? 'The access token lacks a required scope' : 'The access token has none of the accepted scopes');
    this.requiredScopes = requiredScopes;
    this.mode = mode;
  }

  protected override challengeParams(): ReadonlyArray<readonly [string, string]> {
    return [['scope', this.requiredScopes.join(' ')]];
  }
}
