import type { TokenEndpointResponse } from 'openid-client';
import { TokenExchangeFailedError } from '../errors/token-exchange-failed.error.js';
import { decodeJwtExpiry } from './decode-jwt-expiry.js';
import type { ObtainedToken } from './obtained-token.js';
import { ACCESS_TOKEN_TYPE } from './token-types.js';

/** What the response is checked against. */
export interface ObtainedTokenContext {
  /** True for an RFC 8693 token exchange (which must name `issued_token_type`). */
  readonly rfc8693Exchange: boolean;
  /** The token type asked for (RFC 8693), or the access-token type. */
  readonly requestedTokenType: string;
  /** The scopes asked for: the granted ones when the response names none (RFC 6749 §5.1). */
  readonly requestedScopes: readonly string[];
  /** The subject token, whose `exp` (if it is a JWT) caps the result's. */
  readonly subjectToken: string | undefined;
  /** Now, in milliseconds since the epoch. */
  readonly nowMs: number;
}

/** RFC 6750 §2.1 b64token: what may follow `Bearer ` in a header, and nothing that could break it. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TOKEN_LENGTH = 64 * 1024;

/**
 * Checks a token endpoint response (openid-client has already parsed it, lowercased
 * `token_type`, checked `access_token` and `token_type` are strings and `expires_in` numeric)
 * and turns it into a frozen {@link ObtainedToken}:
 *
 * - `access_token` must be a `b64token` of at most 64 KiB (it goes into a header);
 * - `token_type` must be `Bearer` — or `N_A` for an RFC 8693 exchange that asked for and got
 *   something other than an access token; `DPoP` and others are refused (no proof-of-possession here);
 * - `issued_token_type` is required for RFC 8693 exchanges;
 * - the lifetime is the earliest of `expires_in`, the issued token's own `exp` and the subject
 *   token's `exp` (both read only when they are JWTs); without `expires_in` nor a JWT `exp`
 *   the response is refused, so nothing is cached without an end.
 *
 * @throws TokenExchangeFailedError `ERR_EXCHANGE_INVALID_RESPONSE` naming nothing of the response.
 */
export function readObtainedToken(response: TokenEndpointResponse, context: ObtainedTokenContext): ObtainedToken {
  const { access_token: accessToken, token_type: rawType, expires_in: expiresIn, scope } = response;
  if (typeof accessToken !== 'string' || accessToken.length > MAX_TOKEN_LENGTH || !B64TOKEN.test(accessToken)) throw invalid('access_token');

  let issuedTokenType = ACCESS_TOKEN_TYPE;
  if (context.rfc8693Exchange) {
    const issued = response['issued_token_type'];
    if (typeof issued !== 'string' || !/^\S{1,256}$/.test(issued)) throw invalid('issued_token_type');
    issuedTokenType = issued;
  }
  let tokenType: string;
  if (rawType === 'bearer') tokenType = 'Bearer';
  else if (rawType === 'n_a' && context.rfc8693Exchange && context.requestedTokenType !== ACCESS_TOKEN_TYPE && issuedTokenType !== ACCESS_TOKEN_TYPE) tokenType = 'N_A';
  else throw invalid('token_type');

  const nowSeconds = Math.floor(context.nowMs / 1000);
  const ends: number[] = [];
  if (expiresIn !== undefined) {
    if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) throw invalid('expires_in');
    ends.push(nowSeconds + Math.floor(expiresIn));
  }
  const ownExp = decodeJwtExpiry(accessToken);
  if (ownExp !== undefined) ends.push(ownExp);
  if (ends.length === 0) throw invalid('expires_in');
  const subjectExp = context.subjectToken === undefined ? undefined : decodeJwtExpiry(context.subjectToken);
  if (subjectExp !== undefined) ends.push(subjectExp);

  const scopes = typeof scope === 'string' ? scope.split(' ').filter((s) => s !== '') : [...context.requestedScopes];
  return Object.freeze({
    accessToken,
    tokenType,
    expiresAt: Math.floor(Math.min(...ends)),
    scope: Object.freeze(scopes),
    issuedTokenType,
  });
}

function invalid(member: string): TokenExchangeFailedError {
  return new TokenExchangeFailedError('ERR_EXCHANGE_INVALID_RESPONSE', {
    authorityStatus: 200,
    cause: new Error(`The token endpoint's response has no usable "${member}"`),
  });
}
