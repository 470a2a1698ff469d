import { ClientError, ResponseBodyError, WWWAuthenticateChallengeError } from 'openid-client';
import { BatonError } from '../errors/baton-error.js';
import { InvalidTokenError } from '../errors/invalid-token.error.js';
import { TokenExchangeFailedError, type TokenExchangeFailure } from '../errors/token-exchange-failed.error.js';
import { AuthorityFault, findAuthorityFault } from './authority-fault.js';

/** OAuth errors by which the authority refuses the subject (or actor) token: the inbound request gets 401 (O4). */
const SUBJECT_REFUSALS = new Set(['invalid_grant', 'invalid_request', 'invalid_token', 'interaction_required', 'consent_required', 'login_required']);

const CONFIGURATION_FAULTS: Readonly<Record<string, TokenExchangeFailure>> = {
  invalid_client: 'ERR_EXCHANGE_INVALID_CLIENT',
  unauthorized_client: 'ERR_EXCHANGE_UNAUTHORIZED_CLIENT',
  invalid_target: 'ERR_EXCHANGE_INVALID_TARGET',
  invalid_scope: 'ERR_EXCHANGE_INVALID_SCOPE',
  unsupported_grant_type: 'ERR_EXCHANGE_UNSUPPORTED_GRANT_TYPE',
  unsupported_token_type: 'ERR_EXCHANGE_UNSUPPORTED_TOKEN_TYPE',
};

/**
 * What an error out of openid-client means for the caller:
 *
 * - an outage found by the fetch ({@link AuthorityFault}) is returned as is, for the resilience layer;
 * - `invalid_grant` (and `invalid_request`, `invalid_token`, `interaction_required`…) to a
 *   request made on behalf of a user → {@link InvalidTokenError} `ERR_TOKEN_EXCHANGE_REFUSED`
 *   (401). RFC 8693 §2.2.2 uses `invalid_request` both for a bad subject/actor token and for a
 *   malformed request; this client's requests are well-formed by construction, so it is taken
 *   as a refusal of the token (fail closed);
 * - `invalid_client`, `unauthorized_client`, `invalid_target`, `invalid_scope`,
 *   `unsupported_*`, a 401 challenge, an unusable answer, any failure of discovery →
 *   {@link TokenExchangeFailedError} (502), with the OAuth code kept for logs.
 *
 * The original error is never kept as `cause`: openid-client's errors can hold the response
 * body, and so the issued token. The cause is a new `Error` naming only status and code.
 */
export function classifyAuthorityError(error: unknown, phase: 'metadata' | 'grant', onBehalfOfUser: boolean): AuthorityFault | BatonError {
  const fault = findAuthorityFault(error);
  if (fault !== undefined) return fault;
  if (error instanceof BatonError) return error;

  if (error instanceof ResponseBodyError) {
    const cause = safeCause(error.status, error.error);
    if (phase === 'metadata') return new TokenExchangeFailedError('ERR_EXCHANGE_METADATA', { authorityStatus: error.status, oauthError: error.error, cause });
    if (onBehalfOfUser && SUBJECT_REFUSALS.has(error.error)) return new InvalidTokenError('ERR_TOKEN_EXCHANGE_REFUSED', { cause });
    const code = CONFIGURATION_FAULTS[error.error] ?? 'ERR_EXCHANGE_FAILED';
    return new TokenExchangeFailedError(code, { authorityStatus: error.status, oauthError: error.error, cause });
  }
  if (error instanceof WWWAuthenticateChallengeError) {
    const code = phase === 'metadata' ? 'ERR_EXCHANGE_METADATA' : error.status === 401 ? 'ERR_EXCHANGE_INVALID_CLIENT' : 'ERR_EXCHANGE_FAILED';
    return new TokenExchangeFailedError(code, { authorityStatus: error.status, cause: safeCause(error.status, undefined) });
  }
  if (error instanceof ClientError) {
    const status = error.cause instanceof Response ? error.cause.status : undefined;
    const cause = safeCause(status, undefined, error.code);
    if (phase === 'metadata') return new TokenExchangeFailedError('ERR_EXCHANGE_METADATA', { authorityStatus: status, cause });
    if (status === 401) return new TokenExchangeFailedError('ERR_EXCHANGE_INVALID_CLIENT', { authorityStatus: status, cause });
    return new TokenExchangeFailedError('ERR_EXCHANGE_INVALID_RESPONSE', { authorityStatus: status, cause });
  }
  const name = error instanceof Error ? error.name : typeof error;
  return new TokenExchangeFailedError(phase === 'metadata' ? 'ERR_EXCHANGE_METADATA' : 'ERR_EXCHANGE_FAILED', { cause: new Error(`Unexpected ${safeText(name)}`) });
}

function safeCause(status: number | undefined, oauthError: string | undefined, libraryCode?: string): Error {
  const parts = ['The token endpoint answered'];
  if (status !== undefined) parts.push(String(status));
  if (oauthError !== undefined) parts.push(safeText(oauthError));
  if (libraryCode !== undefined) parts.push(`(${safeText(libraryCode)})`);
  return new Error(parts.join(' '));
}

/** Short identifiers only: OAuth error codes and library codes, nothing that could be a token. */
function safeText(text: string): string {
  return /^[A-Za-z0-9_.:-]{1,64}$/.test(text) ? text : '(unreadable)';
}
