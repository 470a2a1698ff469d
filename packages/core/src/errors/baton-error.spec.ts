import { BatonError, quoteSafe } from './baton-error.js';
import { InsufficientScopeError } from './insufficient-scope.error.js';
import { InvalidRequestError, type InvalidRequestReason } from './invalid-request.error.js';
import { InvalidTokenError, type InvalidTokenReason } from './invalid-token.error.js';
import { MissingTokenError } from './missing-token.error.js';
import { TemporarilyUnavailableError } from './temporarily-unavailable.error.js';

/** Characters that would let request text break out of a quoted auth-param or the header. */
const HEADER_BREAKERS = /[\r\n\0"\\]/;

/** The quoted values of a challenge; each must be free of quotes, backslashes and controls. */
function quotedValues(challenge: string): string[] {
  return [...challenge.matchAll(/[a-z_]+="([^"]*)"/g)].map((match) => match[1]!);
}

describe('InvalidTokenError', () => {
  // One row per reason: the SECURITY.md line that produces it, and its fixed description.
  const reasons: ReadonlyArray<readonly [string, InvalidTokenReason, string]> = [
    ['P7', 'ERR_TOKEN_MALFORMED', 'The access token is malformed'],
    ['P7', 'ERR_TOKEN_TOO_LARGE', 'The access token is too large'],
    ['P3', 'ERR_TOKEN_ALG_NOT_ALLOWED', 'The access token is signed with an algorithm that is not allowed'],
    ['P8', 'ERR_TOKEN_HEADER_UNSUPPORTED', 'The access token uses an unsupported JOSE header'],
    ['C1', 'ERR_TOKEN_TYPE', 'The token is not an access token'],
    ['P6', 'ERR_TOKEN_SIGNATURE', 'The access token signature is invalid'],
    ['P5', 'ERR_TOKEN_KEY_NOT_FOUND', 'No key of the issuer matches the access token'],
    ['C2', 'ERR_TOKEN_ISSUER', 'The access token issuer is not trusted'],
    ['C2', 'ERR_TOKEN_AUDIENCE', 'The access token is not meant for this service'],
    ['C4', 'ERR_TOKEN_EXPIRED', 'The access token expired'],
    ['C4', 'ERR_TOKEN_NOT_YET_VALID', 'The access token is not valid yet'],
    ['C3', 'ERR_TOKEN_CLAIM_INVALID', 'The access token has an invalid claim'],
    ['O4', 'ERR_TOKEN_EXCHANGE_REFUSED', 'The authorization server refused to exchange the access token'],
  ];

  it.each(reasons)('%s: %s is 401 invalid_token with a fixed description', (_id, code, description) => {
    const error = new InvalidTokenError(code);

    expect(error).toBeInstanceOf(BatonError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('InvalidTokenError');
    expect(error.code).toBe(code);
    expect(error.status).toBe(401);
    expect(error.error).toBe('invalid_token');
    expect(error.description).toBe(description);
    expect(error.message).toBe(description);
    expect(error.wwwAuthenticate()).toBe(`Bearer error="invalid_token", error_description="${description}"`);
    expect(error.wwwAuthenticate('eventcatalog')).toBe(
      `Bearer realm="eventcatalog", error="invalid_token", error_description="${description}"`,
    );
    expect(error.toResponseBody()).toEqual({ error: 'invalid_token', error_description: description });
  });

  it('C3: names the claim at fault, never its value, and keeps the cause for logs', () => {
    const cause = new SyntaxError('Unexpected token');
    const error = new InvalidTokenError('ERR_TOKEN_CLAIM_INVALID', { claim: 'exp', cause });

    expect(error.claim).toBe('exp');
    expect(error.cause).toBe(cause);
    expect(error.wwwAuthenticate()).toBe('Bearer error="invalid_token", error_description="The access token has an invalid claim"');
  });

  it('P7: has no claim when the failure is not about one', () => {
    expect(new InvalidTokenError('ERR_TOKEN_MALFORMED').claim).toBeUndefined();
  });
});

describe('MissingTokenError', () => {
  it('Z1: is 401 with a bare Bearer challenge and no error code (RFC 6750 §3.1)', () => {
    const error = new MissingTokenError();

    expect(error).toBeInstanceOf(BatonError);
    expect(error.name).toBe('MissingTokenError');
    expect(error.code).toBe('ERR_MISSING_TOKEN');
    expect(error.status).toBe(401);
    expect(error.error).toBeUndefined();
    expect(error.wwwAuthenticate()).toBe('Bearer');
    expect(error.toResponseBody()).toEqual({});
  });

  it('Z1: carries only the realm when one is given', () => {
    expect(new MissingTokenError().wwwAuthenticate('api')).toBe('Bearer realm="api"');
  });
});

describe('InvalidRequestError', () => {
  const reasons: ReadonlyArray<readonly [string, InvalidRequestReason, string]> = [
    ['Z3', 'ERR_MULTIPLE_TOKENS', 'More than one access token was sent'],
    ['Z2', 'ERR_MALFORMED_AUTHORIZATION', 'The Authorization header is malformed'],
    ['Z3', 'ERR_TOKEN_LOCATION_NOT_ALLOWED', 'The access token was sent in a place this service does not accept'],
  ];

  it.each(reasons)('%s: %s is 400 invalid_request', (_id, code, description) => {
    const error = new InvalidRequestError(code);

    expect(error).toBeInstanceOf(BatonError);
    expect(error.name).toBe('InvalidRequestError');
    expect(error.code).toBe(code);
    expect(error.status).toBe(400);
    expect(error.error).toBe('invalid_request');
    expect(error.wwwAuthenticate()).toBe(`Bearer error="invalid_request", error_description="${description}"`);
    expect(error.toResponseBody()).toEqual({ error: 'invalid_request', error_description: description });
  });
});

describe('InsufficientScopeError', () => {
  it('Z4: is 403 insufficient_scope naming every required scope', () => {
    const error = new InsufficientScopeError(['eventcatalog.read', 'eventcatalog.write']);

    expect(error).toBeInstanceOf(BatonError);
    expect(error.name).toBe('InsufficientScopeError');
    expect(error.code).toBe('ERR_INSUFFICIENT_SCOPE');
    expect(error.status).toBe(403);
    expect(error.error).toBe('insufficient_scope');
    expect(error.mode).toBe('all');
    expect(error.requiredScopes).toEqual(['eventcatalog.read', 'eventcatalog.write']);
    expect(error.wwwAuthenticate()).toBe(
      'Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="eventcatalog.read eventcatalog.write"',
    );
    expect(error.toResponseBody()).toEqual({ error: 'insufficient_scope', error_description: 'The access token lacks a required scope' });
  });

  it('Z4: says "none of the accepted scopes" in any-of mode', () => {
    const error = new InsufficientScopeError(['read', 'write'], 'any');

    expect(error.mode).toBe('any');
    expect(error.wwwAuthenticate('api')).toBe(
      'Bearer realm="api", error="insufficient_scope", error_description="The access token has none of the accepted scopes", scope="read write"',
    );
  });

  it('Z4: a single required scope is named alone', () => {
    expect(new InsufficientScopeError(['read']).wwwAuthenticate()).toBe(
      'Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="read"',
    );
  });
});

describe('TemporarilyUnavailableError', () => {
  it('K3: is 503 with Retry-After seconds and no Bearer challenge', () => {
    const cause = new Error('connect ECONNREFUSED');
    const error = new TemporarilyUnavailableError(7, { cause });

    expect(error).toBeInstanceOf(BatonError);
    expect(error.name).toBe('TemporarilyUnavailableError');
    expect(error.code).toBe('ERR_KEYS_UNAVAILABLE');
    expect(error.status).toBe(503);
    expect(error.error).toBe('temporarily_unavailable');
    expect(error.retryAfter).toBe(7);
    expect(error.cause).toBe(cause);
    expect(error.wwwAuthenticate()).toBeUndefined();
    expect(error.toResponseBody()).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'The authorization server is temporarily unavailable',
    });
  });

  it('K2: says nothing of the cause in the response (no internal text leaks)', () => {
    const error = new TemporarilyUnavailableError(1, { cause: new Error('http://10.0.0.7/jwks timed out') });

    expect(JSON.stringify(error.toResponseBody())).not.toContain('10.0.0.7');
  });
});

describe('WWW-Authenticate sanitising', () => {
  it('Z6: a hostile scope name cannot add a header line or close the quoted value', () => {
    const challenge = new InsufficientScopeError(['a"b\r\nX: y']).wwwAuthenticate();

    expect(challenge).toBe('Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="abX: y"');
    expect(challenge).not.toMatch(/[\r\n]/);
  });

  it.each([
    ['CR LF header injection', 'x\r\nSet-Cookie: session=evil', 'xSet-Cookie: session=evil'],
    ['a lone LF', 'read\nwrite', 'readwrite'],
    ['a lone CR', 'read\rwrite', 'readwrite'],
    ['a quote that would end the value', 'read", error="hacked', 'read, error=hacked'],
    ['a backslash escape', 'read\\"', 'read'],
    ['NUL and other controls', 'r\0e\u0007a\u001bd\u007f', 'read'],
    ['a tab', 'read\twrite', 'readwrite'],
    ['non-ASCII text', 'lecture\u00e9\u2028\u{1F511}', 'lecture'],
  ])('Z6: strips %s from the scope value', (_name, scope, safe) => {
    const challenge = new InsufficientScopeError([scope]).wwwAuthenticate()!;

    expect(challenge).toBe(`Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="${safe}"`);
    for (const value of quotedValues(challenge)) expect(value).not.toMatch(HEADER_BREAKERS);
  });

  it.each([
    ['quote and CRLF', 'api"\r\nX-Injected: 1', 'Bearer realm="apiX-Injected: 1"'],
    ['backslash', 'a\\b', 'Bearer realm="ab"'],
    ['only unsafe characters', '"\r\n\\', 'Bearer realm=""'],
  ])('Z6: sanitises a realm with %s', (_name, realm, expected) => {
    const challenge = new MissingTokenError().wwwAuthenticate(realm);

    expect(challenge).toBe(expected);
    expect(challenge).not.toMatch(/[\r\n]/);
  });

  it('Z6: every error class keeps its challenge on one line whatever the realm', () => {
    const realm = 'r"\r\n\\';
    const errors: BatonError[] = [
      new MissingTokenError(),
      new InvalidTokenError('ERR_TOKEN_EXPIRED'),
      new InvalidRequestError('ERR_MULTIPLE_TOKENS'),
      new InsufficientScopeError(['s"\r\n']),
    ];

    for (const error of errors) {
      const challenge = error.wwwAuthenticate(realm)!;
      expect(challenge).not.toMatch(/[\r\n\0]/);
      for (const value of quotedValues(challenge)) expect(value).not.toMatch(HEADER_BREAKERS);
    }
  });

  it.each([
    ['keeps every RFC 6750 qchar', ' !#$%&\'()*+,-./09:;<=>?@AZ[]^_`az{|}~', ' !#$%&\'()*+,-./09:;<=>?@AZ[]^_`az{|}~'],
    ['drops the quote and the backslash', 'a"b\\c', 'abc'],
    ['drops C0 and C1 controls and DEL', '\u0000\u001f\u007f\u0080\u009f', ''],
    ['drops Unicode line separators', 'a\u2028b\u2029c\u0085d', 'abcd'],
  ])('Z6: quoteSafe %s', (_name, input, output) => {
    expect(quoteSafe(input)).toBe(output);
  });
});
