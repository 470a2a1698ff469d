import fc from 'fast-check';
import { BatonError, extractBearerToken, InvalidRequestError, MissingTokenError, type BearerSources } from '../../src/index.js';
import { fuzzParameters, fuzzTimeout } from './fuzz-settings.js';

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Header values an attacker can send: printable junk, scheme-like prefixes, control bytes, arrays. */
const headerValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.tuple(fc.constantFrom('Bearer', 'bearer', 'BEARER', 'Basic', 'Bearer\t', 'Bearer  ', 'Bear', ''), fc.string({ maxLength: 200 })).map(([scheme, rest]) => `${scheme} ${rest}`),
  fc.stringMatching(/^Bearer [A-Za-z0-9\-._~+/=, "]{0,120}$/),
);
const headers = fc.dictionary(
  fc.constantFrom('authorization', 'Authorization', 'x-other', 'cookie'),
  fc.oneof(headerValue, fc.array(headerValue, { maxLength: 3 }), fc.constant(undefined)),
);
const param = fc.oneof(fc.constant(undefined), fc.record({ access_token: fc.oneof(fc.string({ maxLength: 80 }), fc.array(fc.string(), { maxLength: 3 }), fc.integer(), fc.object()) }), fc.object({ maxDepth: 2 }));
const sources: fc.Arbitrary<BearerSources> = fc.record(
  {
    headers,
    rawHeaders: fc.oneof(fc.constant(undefined), fc.array(fc.oneof(fc.constantFrom('Authorization', 'authorization', 'Host'), fc.string({ maxLength: 60 })), { maxLength: 8 })),
    query: param,
    body: fc.oneof(param, fc.string(), fc.constant(null)),
  },
  { requiredKeys: ['headers'] },
) as fc.Arbitrary<BearerSources>;
const options = fc.record({ allowQuery: fc.boolean(), allowBody: fc.boolean() });

/** Every string value anywhere in the request: a token handed back must be one of them. */
function offered(input: BearerSources): string {
  return JSON.stringify(input);
}

describe('fuzz: RFC 6750 bearer extraction', () => {
  it('Z1–Z3: any request yields a b64token taken from the request, or a 400/401 BatonError; nothing else escapes', () => {
    fc.assert(
      fc.property(sources, options, (input, opts) => {
        let token: string;
        try {
          token = extractBearerToken(input, opts);
        } catch (error) {
          expect(error).toBeInstanceOf(BatonError);
          expect(error instanceof MissingTokenError || error instanceof InvalidRequestError).toBe(true);
          expect([400, 401]).toContain((error as BatonError).status);
          return;
        }
        expect(token).toMatch(B64TOKEN);
        expect(offered(input)).toContain(token);
      }),
      fuzzParameters(3000),
    );
  }, fuzzTimeout(3000));

  it('Z1: a well-formed header token always comes back unchanged, whatever the scheme case', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,200}={0,2}$/), fc.constantFrom('Bearer', 'bearer', 'BEARER', 'bEaReR'), (token, scheme) => {
        expect(extractBearerToken({ headers: { authorization: `${scheme} ${token}` } })).toBe(token);
      }),
      fuzzParameters(1000),
    );
  }, fuzzTimeout(1000));

  it('Z3: two Authorization headers in rawHeaders are always 400 invalid_request, whatever they carry', () => {
    fc.assert(
      fc.property(headerValue, headerValue, (first, second) => {
        try {
          extractBearerToken({ headers: { authorization: first }, rawHeaders: ['Authorization', first, 'authorization', second] });
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidRequestError);
          expect((error as InvalidRequestError).code).toBe('ERR_MULTIPLE_TOKENS');
          expect((error as InvalidRequestError).status).toBe(400);
          return;
        }
        throw new Error('two Authorization headers were accepted');
      }),
      fuzzParameters(1000),
    );
  }, fuzzTimeout(1000));
});
