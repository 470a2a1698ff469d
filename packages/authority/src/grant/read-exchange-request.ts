import { requestValues } from './request-values.js';
import { TokenExchangeError } from './token-exchange-error.js';
import { TOKEN_TYPES } from './token-types.js';

/** The parameters of an RFC 8693 §2.1 request, checked for presence and types. */
export interface ExchangeRequest {
  readonly subjectToken: string;
  readonly actorToken: string | undefined;
  readonly requestedTokenType: string | undefined;
  readonly audience: readonly string[];
  readonly resource: readonly string[];
  readonly scope: string | undefined;
}

const ACCEPTED_TYPES: ReadonlySet<string> = new Set([TOKEN_TYPES.accessToken, TOKEN_TYPES.jwt]);

/**
 * Reads the request parameters (X3, X4): `subject_token` and `subject_token_type` present,
 * `actor_token` and `actor_token_type` together, token types this grant accepts. oidc-provider
 * already refused repeated parameters (only `audience` and `resource` may repeat, RFC 8693
 * §2.1) and unknown ones are dropped before the grant runs.
 *
 * @throws TokenExchangeError (`invalid_request`) naming no request value.
 */
export function readExchangeRequest(params: Readonly<Record<string, unknown>>): ExchangeRequest {
  const subjectToken = nonEmpty(params['subject_token']);
  const subjectTokenType = nonEmpty(params['subject_token_type']);
  if (subjectToken === undefined || subjectTokenType === undefined) throw new TokenExchangeError('ERR_REQUEST_SUBJECT_TOKEN_MISSING');
  const actorToken = nonEmpty(params['actor_token']);
  const actorTokenType = nonEmpty(params['actor_token_type']);
  if ((actorToken === undefined) !== (actorTokenType === undefined)) throw new TokenExchangeError('ERR_REQUEST_ACTOR_TOKEN_TYPE');
  if (!ACCEPTED_TYPES.has(subjectTokenType) || (actorTokenType !== undefined && !ACCEPTED_TYPES.has(actorTokenType))) {
    throw new TokenExchangeError('ERR_REQUEST_TOKEN_TYPE_UNSUPPORTED');
  }
  const requestedTokenType = nonEmpty(params['requested_token_type']);
  if (requestedTokenType !== undefined && !ACCEPTED_TYPES.has(requestedTokenType)) {
    throw new TokenExchangeError('ERR_REQUEST_REQUESTED_TOKEN_TYPE_UNSUPPORTED');
  }
  return {
    subjectToken,
    actorToken,
    requestedTokenType,
    audience: requestValues(params['audience']),
    resource: requestValues(params['resource']),
    scope: nonEmpty(params['scope']),
  };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
