import { InvalidRequestError } from '../errors/invalid-request.error.js';
import { MissingTokenError } from '../errors/missing-token.error.js';
import { extractBearerToken, type BearerExtractionOptions, type BearerSources } from './extract-bearer-token.js';
import { outcomeOf as outcomeOfError, type Outcome } from '../errors/outcome.test-helpers.js';

/** A real compact JWS shape: three base64url segments. */
const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl';


function outcomeOf(sources: BearerSources, options?: BearerExtractionOptions): Outcome {
  try {
    extractBearerToken(sources, options);
  } catch (error) {
    return outcomeOfError(error);
  }
  throw new Error('expected extractBearerToken to throw');
}

const MISSING: Outcome = { name: 'MissingTokenError', code: 'ERR_MISSING_TOKEN', status: 401, error: undefined, wwwAuthenticate: 'Bearer' };
const MALFORMED: Outcome = {
  name: 'InvalidRequestError',
  code: 'ERR_MALFORMED_AUTHORIZATION',
  status: 400,
  error: 'invalid_request',
  wwwAuthenticate: 'Bearer error="invalid_request", error_description="The Authorization header is malformed"',
};
const MULTIPLE: Outcome = {
  name: 'InvalidRequestError',
  code: 'ERR_MULTIPLE_TOKENS',
  status: 400,
  error: 'invalid_request',
  wwwAuthenticate: 'Bearer error="invalid_request", error_description="More than one access token was sent"',
};

function fetchHeaders(...authorization: string[]): Headers {
  const headers = new Headers();
  for (const value of authorization) headers.append('authorization', value);
  return headers;
}

describe('extractBearerToken', () => {
  describe('Z1: no bearer credentials', () => {
    it.each<[string, BearerSources]>([
      ['no headers at all', { headers: {} }],
      ['other headers only', { headers: { accept: 'application/json', cookie: 'session=1' } }],
      ['an undefined Authorization value', { headers: { authorization: undefined } }],
      ['an empty Authorization header', { headers: { authorization: '' } }],
      ['a whitespace-only Authorization header', { headers: { authorization: '   ' } }],
      ['an empty array of Authorization values', { headers: { authorization: [] } }],
      ['Basic credentials', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }],
      ['Digest credentials', { headers: { authorization: 'Digest username="u", realm="r", nonce="n", uri="/", response="x"' } }],
      ['a scheme that only starts with "Bearer"', { headers: { authorization: `BearerToken ${TOKEN}` } }],
      ['"Bearer" glued to the token with "="', { headers: { authorization: `Bearer=${TOKEN}` } }],
      ['a bare token without a scheme', { headers: { authorization: TOKEN } }],
      ['a Fetch Headers without Authorization', { headers: new Headers({ accept: '*/*' }) }],
      ['a Fetch Headers with Basic', { headers: fetchHeaders('Basic dXNlcjpwYXNz') }],
    ])('Z1: %s → 401 with a bare Bearer challenge', (_name, sources) => {
      expect(outcomeOf(sources)).toEqual(MISSING);
    });

    it('Z1: the error is a MissingTokenError instance', () => {
      expect(() => extractBearerToken({ headers: {} })).toThrow(MissingTokenError);
    });
  });

  describe('Z2: the Bearer scheme', () => {
    it.each([
      ['Bearer', `Bearer ${TOKEN}`],
      ['bearer', `bearer ${TOKEN}`],
      ['BEARER', `BEARER ${TOKEN}`],
      ['bEaReR', `bEaReR ${TOKEN}`],
      ['with surrounding whitespace', `  Bearer ${TOKEN}  `],
      ['with several spaces after the scheme', `Bearer    ${TOKEN}`],
    ])('Z2: accepts %s, case-insensitively', (_name, authorization) => {
      expect(extractBearerToken({ headers: { authorization } })).toBe(TOKEN);
    });

    it.each([
      ['an opaque token', 'mF_9.B5f-4.1JqM'],
      ['b64token characters ~ + /', 'abc~def+ghi/jkl'],
      ['trailing "=" padding', 'YWJj=='],
    ])('Z2: returns %s unchanged', (_name, token) => {
      expect(extractBearerToken({ headers: { authorization: `Bearer ${token}` } })).toBe(token);
    });

    it.each([
      ['"Bearer" alone', 'Bearer'],
      ['"Bearer " with a trailing space', 'Bearer '],
      ['"Bearer" and only whitespace', 'Bearer \t  '],
      ['a token with an inner space', 'Bearer a b'],
      ['a token with a quote', 'Bearer "abc"'],
      ['a token with a tab inside', 'Bearer abc\tdef'],
      ['"=" inside the token', 'Bearer ab=cd'],
      ['a token starting with "="', 'Bearer =abc'],
      ['a token with non-ASCII', 'Bearer t\u00f6ken'],
      ['a token with CR LF', 'Bearer abc\r\nX-Injected: 1'],
      ['a token with a backslash', 'Bearer abc\\def'],
      ['a token with a semicolon', 'Bearer abc;def'],
    ])('Z2: %s → 400 invalid_request (malformed)', (_name, authorization) => {
      expect(outcomeOf({ headers: { authorization } })).toEqual(MALFORMED);
    });

    it('Z2: a malformed header is an InvalidRequestError instance', () => {
      expect(() => extractBearerToken({ headers: { authorization: 'Bearer ' } })).toThrow(InvalidRequestError);
    });

    it('Z2: reads a single-element array as that one value', () => {
      expect(extractBearerToken({ headers: { authorization: [`Bearer ${TOKEN}`] } })).toBe(TOKEN);
    });

    it.each([
      ['Bearer', `Bearer ${TOKEN}`],
      ['bearer', `bearer ${TOKEN}`],
    ])('Z2: reads a Fetch Headers object (%s)', (_name, authorization) => {
      expect(extractBearerToken({ headers: fetchHeaders(authorization) })).toBe(TOKEN);
    });

    it('Z2: reads any object with a get() like a Fetch Headers', () => {
      const headers = { get: (name: string): string | null => (name === 'authorization' ? `Bearer ${TOKEN}` : null) };

      expect(extractBearerToken({ headers })).toBe(TOKEN);
    });

    it('Z2: a Fetch Headers with "Bearer " and nothing else → 400 invalid_request', () => {
      expect(outcomeOf({ headers: fetchHeaders('Bearer ') })).toEqual(MALFORMED);
    });
  });

  describe('Z3: more than one credential', () => {
    it.each([
      ['two tokens separated by a comma', 'Bearer a,b'],
      ['two tokens separated by ", "', 'Bearer a, b'],
      ['two Bearer credentials in one header', `Bearer ${TOKEN}, Bearer ${TOKEN}`],
      ['Basic then Bearer in one header', `Basic dXNlcjpwYXNz, Bearer ${TOKEN}`],
      ['Basic then bearer without a space', `Basic dXNlcjpwYXNz,bearer ${TOKEN}`],
    ])('Z3: %s → 400 invalid_request', (_name, authorization) => {
      expect(outcomeOf({ headers: { authorization } })).toEqual(MULTIPLE);
    });

    it.each<[string, readonly string[]]>([
      ['two Bearer values', [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]],
      ['Bearer and Basic', [`Bearer ${TOKEN}`, 'Basic dXNlcjpwYXNz']],
      ['two empty values', ['', '']],
    ])('Z3: an Authorization array with %s → 400 invalid_request', (_name, authorization) => {
      expect(outcomeOf({ headers: { authorization } })).toEqual(MULTIPLE);
    });

    it.each([
      ['two Bearer values', [`Bearer ${TOKEN}`, 'Bearer other']],
      ['Basic and Bearer', ['Basic dXNlcjpwYXNz', `Bearer ${TOKEN}`]],
    ])('Z3: a Fetch Headers with %s appended → 400 invalid_request', (_name, values) => {
      expect(outcomeOf({ headers: fetchHeaders(...values) })).toEqual(MULTIPLE);
    });

    it.each<[string, BearerSources, BearerExtractionOptions | undefined]>([
      ['header + query (query off)', { headers: { authorization: `Bearer ${TOKEN}` }, query: { access_token: TOKEN } }, undefined],
      ['header + query (query on)', { headers: { authorization: `Bearer ${TOKEN}` }, query: { access_token: TOKEN } }, { allowQuery: true }],
      ['header + body (body off)', { headers: { authorization: `Bearer ${TOKEN}` }, body: { access_token: TOKEN } }, undefined],
      ['header + body (body on)', { headers: { authorization: `Bearer ${TOKEN}` }, body: { access_token: TOKEN } }, { allowBody: true }],
      ['query + body (both on)', { headers: {}, query: { access_token: TOKEN }, body: { access_token: TOKEN } }, { allowQuery: true, allowBody: true }],
      ['query + body (both off)', { headers: {}, query: { access_token: TOKEN }, body: { access_token: TOKEN } }, undefined],
      ['header + empty query token', { headers: { authorization: `Bearer ${TOKEN}` }, query: { access_token: '' } }, undefined],
      ['a repeated query parameter', { headers: {}, query: { access_token: [TOKEN, TOKEN] } }, { allowQuery: true }],
      ['a repeated body parameter', { headers: {}, body: { access_token: [TOKEN, TOKEN] } }, { allowBody: true }],
      ['Fetch header + query', { headers: fetchHeaders(`Bearer ${TOKEN}`), query: { access_token: 'other' } }, { allowQuery: true }],
    ])('Z3: %s → 400 invalid_request', (_name, sources, options) => {
      expect(outcomeOf(sources, options)).toEqual(MULTIPLE);
    });

    it.each<[string, readonly string[]]>([
      ['two Authorization lines', ['Host', 'api', 'Authorization', `Bearer ${TOKEN}`, 'Authorization', `Bearer ${TOKEN}`]],
      ['names in different cases', ['authorization', `Bearer ${TOKEN}`, 'AUTHORIZATION', 'Bearer other']],
      ['a Bearer and a Basic line', ['Authorization', 'Basic dXNlcjpwYXNz', 'Authorization', `Bearer ${TOKEN}`]],
      ['an empty second line', ['Authorization', `Bearer ${TOKEN}`, 'Authorization', '']],
      ['three lines', ['Authorization', 'a', 'Authorization', 'b', 'Authorization', 'c']],
    ])('Z3: rawHeaders with %s → 400 invalid_request, though Node keeps only the first in headers', (_name, rawHeaders) => {
      expect(outcomeOf({ headers: { authorization: `Bearer ${TOKEN}` }, rawHeaders })).toEqual(MULTIPLE);
    });

    it.each<[string, readonly string[]]>([
      ['one Authorization line', ['Host', 'api', 'Authorization', `Bearer ${TOKEN}`]],
      ['look-alike header names', ['Authorization', `Bearer ${TOKEN}`, 'Proxy-Authorization', 'Basic eA==', 'X-Authorization', 'x', 'Authorizations', 'y']],
      ['a value that reads "Authorization"', ['Authorization', `Bearer ${TOKEN}`, 'X-Note', 'Authorization']],
      ['no lines at all', []],
    ])('Z3: rawHeaders with %s do not count as several credentials', (_name, rawHeaders) => {
      const headers = rawHeaders.length === 0 ? {} : { authorization: `Bearer ${TOKEN}` };

      if (rawHeaders.length === 0) expect(outcomeOf({ headers, rawHeaders })).toEqual(MISSING);
      else expect(extractBearerToken({ headers, rawHeaders })).toBe(TOKEN);
    });

    it('Z3: a Basic header next to a query token is still one bearer token (query on)', () => {
      const sources = { headers: { authorization: 'Basic dXNlcjpwYXNz' }, query: { access_token: TOKEN } };

      expect(extractBearerToken(sources, { allowQuery: true })).toBe(TOKEN);
    });
  });

  describe('Z3: query string and form body', () => {
    it('Z3: a query token alone is ignored by default → 401 with a bare challenge', () => {
      expect(outcomeOf({ headers: {}, query: { access_token: TOKEN } })).toEqual(MISSING);
    });

    it('Z3: a query token alone is ignored when only the body is allowed', () => {
      expect(outcomeOf({ headers: {}, query: { access_token: TOKEN } }, { allowBody: true })).toEqual(MISSING);
    });

    it('Z3: a body token alone is ignored by default', () => {
      expect(outcomeOf({ headers: {}, body: { access_token: TOKEN } })).toEqual(MISSING);
    });

    it('Z3: a body token alone is ignored when only the query is allowed', () => {
      expect(outcomeOf({ headers: {}, body: { access_token: TOKEN } }, { allowQuery: true })).toEqual(MISSING);
    });

    it('Z3: returns the query token when allowQuery is on', () => {
      expect(extractBearerToken({ headers: {}, query: { access_token: TOKEN } }, { allowQuery: true })).toBe(TOKEN);
    });

    it('Z3: returns the body token when allowBody is on', () => {
      expect(extractBearerToken({ headers: {}, body: { access_token: TOKEN } }, { allowBody: true })).toBe(TOKEN);
    });

    it.each([
      ['an empty query token', { headers: {}, query: { access_token: '' } }, { allowQuery: true }],
      ['a query token with a space', { headers: {}, query: { access_token: 'a b' } }, { allowQuery: true }],
      ['a body token with CR LF', { headers: {}, body: { access_token: 'a\r\nb' } }, { allowBody: true }],
    ])('Z2: %s is refused as malformed', (_name, sources, options) => {
      expect(outcomeOf(sources, options)).toEqual(MALFORMED);
    });

    it.each<[string, unknown]>([
      ['a raw string body', `access_token=${TOKEN}`],
      ['a null body', null],
      ['a body without access_token', { grant_type: 'x' }],
    ])('Z1: %s carries no token', (_name, body) => {
      expect(outcomeOf({ headers: {}, body }, { allowBody: true })).toEqual(MISSING);
    });

    it('Z1: other query parameters carry no token', () => {
      expect(outcomeOf({ headers: {}, query: { token: TOKEN, id_token: TOKEN } }, { allowQuery: true })).toEqual(MISSING);
    });

    it('Z3: a Fetch Headers token plus a body token → 400 invalid_request', () => {
      expect(outcomeOf({ headers: fetchHeaders(`Bearer ${TOKEN}`), body: { access_token: TOKEN } })).toEqual(MULTIPLE);
    });
  });
});
