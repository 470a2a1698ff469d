/**
 * Every reason an exchange can be refused, with the RFC 6749 / 8693 error code it is answered
 * with and a fixed description (never request data). The codes are stable: assert them in
 * tests, count them in dashboards.
 *
 * Subject and actor tokens that are invalid or unacceptable by policy are `invalid_request`,
 * as RFC 8693 §2.2.2 requires ("If … either the subject_token or actor_token are invalid for
 * any reason, or are unacceptable based on policy, … the error parameter MUST be the
 * invalid_request error code"), not `invalid_grant`.
 *
 * @example
 * ```ts
 * REFUSALS.ERR_TARGET_NOT_ALLOWED.error; // 'invalid_target'
 * ```
 */
export const REFUSALS = {
  // The request itself (RFC 8693 §2.1).
  ERR_REQUEST_SUBJECT_TOKEN_MISSING: { error: 'invalid_request', status: 400, description: 'subject_token and subject_token_type are required' },
  ERR_REQUEST_ACTOR_TOKEN_TYPE: { error: 'invalid_request', status: 400, description: 'actor_token and actor_token_type must be sent together' },
  ERR_REQUEST_TOKEN_TYPE_UNSUPPORTED: { error: 'invalid_request', status: 400, description: 'the token type is not supported; use urn:ietf:params:oauth:token-type:access_token or urn:ietf:params:oauth:token-type:jwt' },
  ERR_REQUEST_REQUESTED_TOKEN_TYPE_UNSUPPORTED: { error: 'invalid_request', status: 400, description: 'only access tokens can be issued' },
  ERR_REQUEST_REJECTED: { error: 'invalid_request', status: 400, description: 'the request is malformed' },
  // The client.
  ERR_CLIENT_AUTHENTICATION: { error: 'invalid_client', status: 401, description: 'client authentication failed' },
  ERR_CLIENT_GRANT_NOT_ALLOWED: { error: 'unauthorized_client', status: 400, description: 'the client is not allowed to use token exchange' },
  ERR_CLIENT_NOT_IN_POLICY: { error: 'unauthorized_client', status: 400, description: 'the client is not allowed to use token exchange' },
  // The subject token.
  ERR_SUBJECT_TOKEN_INVALID: { error: 'invalid_request', status: 400, description: 'the subject token is invalid' },
  ERR_SUBJECT_ISSUER_NOT_ALLOWED: { error: 'invalid_request', status: 400, description: 'the client may not exchange tokens of this issuer' },
  ERR_SUBJECT_NOT_FOR_CLIENT: { error: 'invalid_request', status: 400, description: 'the subject token was not issued to this client' },
  ERR_SUBJECT_EXPIRING: { error: 'invalid_request', status: 400, description: 'the subject token expires too soon to be exchanged' },
  // The actor.
  ERR_ACTOR_TOKEN_NOT_ALLOWED: { error: 'invalid_request', status: 400, description: 'the client may not send actor tokens' },
  ERR_ACTOR_TOKEN_INVALID: { error: 'invalid_request', status: 400, description: 'the actor token is invalid' },
  ERR_ACTOR_ISSUER_NOT_ALLOWED: { error: 'invalid_request', status: 400, description: 'the client may not use actor tokens of this issuer' },
  ERR_ACTOR_NOT_FOR_CLIENT: { error: 'invalid_request', status: 400, description: 'the actor token was not issued to this client' },
  ERR_MAY_ACT: { error: 'invalid_request', status: 400, description: 'the subject token does not allow this actor (may_act)' },
  ERR_DELEGATION_TOO_DEEP: { error: 'invalid_request', status: 400, description: 'the delegation chain is too long' },
  // The target (RFC 8707, RFC 8693 §2.2.2).
  ERR_TARGET_MISSING: { error: 'invalid_request', status: 400, description: 'audience or resource is required' },
  ERR_TARGET_UNKNOWN: { error: 'invalid_target', status: 400, description: 'the audience or resource is unknown' },
  ERR_TARGET_NOT_ALLOWED: { error: 'invalid_target', status: 400, description: 'the client may not obtain tokens for this audience' },
  ERR_TARGET_MULTIPLE: { error: 'invalid_target', status: 400, description: 'a token is issued for exactly one audience' },
  // The scope.
  ERR_SCOPE_UNKNOWN: { error: 'invalid_scope', status: 400, description: 'a requested scope is not defined for this audience' },
  ERR_SCOPE_NOT_ALLOWED: { error: 'invalid_scope', status: 400, description: 'a requested scope is not allowed for this client at this audience' },
  ERR_SCOPE_NOT_HELD: { error: 'invalid_scope', status: 400, description: 'a requested scope is not held by the subject' },
  ERR_SCOPE_NONE: { error: 'invalid_scope', status: 400, description: 'no scope can be granted; name the scopes in the request' },
  // The authority.
  ERR_KEYS_UNAVAILABLE: { error: 'temporarily_unavailable', status: 503, description: 'the issuer keys cannot be obtained; try again later' },
  ERR_CLAIMS_NOT_CONFIGURED: { error: 'server_error', status: 500, description: 'the exchange failed' },
  ERR_SERVER: { error: 'server_error', status: 500, description: 'the exchange failed' },
} as const satisfies Record<string, { error: string; status: number; description: string }>;
