import fc from 'fast-check';
import { TOKEN_EXCHANGE_GRANT_TYPE } from '../../src/grant/token-exchange-grant-type.js';
import { readExchangeRequest, type ExchangeRequest } from '../../src/grant/read-exchange-request.js';
import { TokenExchangeError } from '../../src/grant/token-exchange-error.js';
import { explainTokenExchange, REFUSALS, TOKEN_TYPES, validateTokenExchangePolicy } from '../../src/index.js';
import { startTestAuthority, type TestAuthority } from '../test-authority.test-helpers.js';
import { fuzzParameters, fuzzTimeout } from './fuzz-settings.js';

const PARAMETERS = ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'requested_token_type', 'audience', 'resource', 'scope'];
const ACCEPTED_TYPES: readonly string[] = [TOKEN_TYPES.accessToken, TOKEN_TYPES.jwt];
/** What a parsing or policy refusal may be: the 400 codes of RFC 6749 §5.2 / RFC 8693 §2.2.2. */
const REQUEST_ERRORS = ['invalid_request', 'invalid_target', 'invalid_scope', 'unauthorized_client'];
/** A JWT-shaped value: what must never come back in an error description. */
const jwtLike = fc.tuple(fc.base64String({ minLength: 8, maxLength: 40 }), fc.base64String({ minLength: 8, maxLength: 80 }), fc.base64String({ minLength: 0, maxLength: 40 }))
  .map((parts) => parts.map((part) => part.replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_')).join('.'));

/** Parameter values an attacker can send: token types, JWT-shaped text, unicode, control bytes, huge text. */
const text = fc.oneof(
  fc.constantFrom(...Object.values(TOKEN_TYPES), 'urn:ietf:params:oauth:token-type:access_token ', 'URN:IETF:PARAMS:OAUTH:TOKEN-TYPE:JWT', '', ' ', 'discount', 'https://r1.example.com/', 'read write', '\u0000'),
  jwtLike,
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fc.constantFrom('a', 'é', '\u{1F600}', '%'), fc.integer({ min: 1_000, max: 40_000 })).map(([unit, count]) => unit.repeat(count)),
);
/** What a body parser could hand the grant for one name: nothing, one value, a repeated one, or a non-string. */
const paramValue = fc.oneof(
  { arbitrary: text, weight: 6 },
  { arbitrary: fc.array(text, { minLength: 1, maxLength: 3 }), weight: 2 },
  { arbitrary: fc.constantFrom<unknown>(undefined, null, 0, true, {}, { toString: 'x' }), weight: 1 },
);
const params = fc.dictionary(fc.oneof(fc.constantFrom(...PARAMETERS), fc.string({ maxLength: 12 })), paramValue, { maxKeys: 12 });

/** An `application/x-www-form-urlencoded` body: known and unknown names, repeats, any text. */
const formBody = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...PARAMETERS, 'grant_type'), fc.string({ maxLength: 10 })), text), { maxLength: 12 })
  .map((pairs) => new URLSearchParams(pairs).toString());

/** The body as oidc-provider hands it to a grant: one string per name, or a list when repeated. */
function parsedBody(body: string): Record<string, string | string[]> {
  const parsed: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of new URLSearchParams(body)) {
    const previous = parsed[name];
    parsed[name] = previous === undefined ? value : [...(typeof previous === 'string' ? [previous] : previous), value];
  }
  return parsed;
}

/** The JWT-shaped token values of the request (a token type sent as a token may rightly be named in a description). */
function tokensIn(input: Readonly<Record<string, unknown>>): string[] {
  return [input['subject_token'], input['actor_token']].flat().filter((value): value is string => typeof value === 'string' && value.length >= 12 && value.split('.').length === 3);
}

/** `readExchangeRequest`, or the TokenExchangeError it throws, checked either way. */
function readChecked(input: Readonly<Record<string, unknown>>): ExchangeRequest | undefined {
  try {
    const request = readExchangeRequest(input);
    expect(typeof request.subjectToken).toBe('string');
    expect(request.subjectToken).not.toBe('');
    expect(request.subjectToken).toBe(input['subject_token']);
    expect(ACCEPTED_TYPES).toContain(input['subject_token_type']);
    if (request.actorToken !== undefined) expect(ACCEPTED_TYPES).toContain(input['actor_token_type']);
    if (request.requestedTokenType !== undefined) expect(ACCEPTED_TYPES).toContain(request.requestedTokenType);
    for (const value of [...request.audience, ...request.resource]) {
      expect(typeof value).toBe('string');
      expect(value).not.toBe('');
    }
    if (request.scope !== undefined) expect(request.scope).toBe(input['scope']);
    return request;
  } catch (error) {
    expect(error).toBeInstanceOf(TokenExchangeError);
    const refused = error as TokenExchangeError;
    expect(refused.reason).toMatch(/^ERR_REQUEST_/);
    expect(refused.status).toBe(400);
    expect(refused.error).toBe('invalid_request');
    expect(refused.error_description).toBe(REFUSALS[refused.reason].description);
    for (const token of tokensIn(input)) expect(refused.error_description).not.toContain(token);
    return undefined;
  }
}

const policy = validateTokenExchangePolicy({
  audiences: {
    discount: { scopes: ['read', 'write'], defaultScopes: ['read'], resources: ['https://r1.example.com/'] },
    'https://api.example.com/': { scopes: ['read'] },
  },
  clients: { basket: { ownAudiences: ['svc'], targets: { discount: { scopes: ['read', 'write'] } } } },
  mapping: { scopes: { read: ['read', 'write'] } },
});
const NOW = 1_900_000_000;
/** Bounded default of the pure properties (huge values make a case cost about 5 ms). */
const RUNS = 900;
/** oidc-provider 9 parses token-endpoint bodies of up to 56 kB. */
const OIDC_PROVIDER_BODY_LIMIT = 56 * 1024;

describe('fuzz: RFC 8693 §2.1 request parsing', () => {
  it('X3/X4: any parameters give a well-formed request or a 400 invalid_request with its fixed description; nothing else escapes', () => {
    fc.assert(
      fc.property(params, (input) => {
        readChecked(input);
      }),
      fuzzParameters(RUNS),
    );
  }, fuzzTimeout(RUNS));

  it('X3/X4/X6/X7: any form body, parsed and then decided by the policy, ends in a grant or a 400 refusal naming no token; never a 5xx', () => {
    fc.assert(
      fc.property(formBody, fc.boolean(), (body, withValidTypes) => {
        const input = parsedBody(body);
        // Half the bodies get well-formed token fields, so that audience, resource and scope reach the policy.
        if (withValidTypes) Object.assign(input, { subject_token: 'a.b.c', subject_token_type: TOKEN_TYPES.accessToken });
        const request = readChecked(input);
        if (request === undefined) return;
        const decision = explainTokenExchange(policy, {
          clientId: 'basket',
          subjectClaims: { iss: 'https://auth.example.com', sub: 'alice', aud: 'svc', exp: NOW + 600, scope: 'read' },
          audience: request.audience,
          resource: request.resource,
          ...(request.scope === undefined ? {} : { scope: request.scope }),
          now: NOW,
          issuer: 'https://auth.example.com',
        });
        if (decision.granted) {
          expect(decision.audience).toBe('discount');
          for (const scope of decision.scopes) expect(['read', 'write']).toContain(scope);
          return;
        }
        expect(REQUEST_ERRORS).toContain(decision.error);
        expect(decision.description).toBe(REFUSALS[decision.reason].description);
      }),
      fuzzParameters(RUNS / 3),
    );
  }, fuzzTimeout(RUNS / 3, 30));
});

describe('fuzz: the token endpoint over HTTP (a few cases: each boots nothing, but costs a request)', () => {
  const HTTP_RUNS = 20;
  let authority: TestAuthority;
  let subject: string;

  beforeAll(async () => {
    authority = await startTestAuthority();
    subject = await authority.mintOwn();
  });
  afterAll(async () => {
    await authority.close();
  });

  it('X3–X7/X10: any form body from an authenticated client → 200 or a 400 refusal, no-store, audited, with no token in the answer or the audit', async () => {
    const basic = `Basic ${Buffer.from(`shoppingbasket:${authority.secrets['shoppingbasket']!}`).toString('base64')}`;
    const subjectValue = fc.oneof(fc.constant(() => subject), jwtLike.map((value) => () => value));
    const settings = fuzzParameters<[string, () => string, boolean]>(HTTP_RUNS);
    await fc.assert(
      fc.asyncProperty(formBody, subjectValue, fc.boolean(), async (body, token, complete) => {
        const form = new URLSearchParams(body);
        form.set('grant_type', TOKEN_EXCHANGE_GRANT_TYPE);
        const sent = token();
        if (complete) {
          form.set('subject_token', sent);
          form.set('subject_token_type', TOKEN_TYPES.accessToken);
        }
        authority.audits.length = 0;
        const response = await fetch(`${authority.issuer}/token`, {
          method: 'POST',
          headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        });
        const answer = (await response.json()) as Record<string, unknown>;
        expect(response.headers.get('cache-control')).toBe('no-store');
        if (Buffer.byteLength(form.toString()) > OIDC_PROVIDER_BODY_LIMIT) {
          // oidc-provider refuses the body unparsed: nothing tells it is an exchange, and no audit event is made.
          expect(response.status).toBe(400);
          expect(answer).toEqual({ error: 'invalid_request', error_description: 'failed to parse the request body' });
          return;
        }
        expect(authority.audits).toHaveLength(1);
        const offered = [sent, subject, ...form.getAll('subject_token'), ...form.getAll('actor_token')].filter((value) => value.length >= 12 && value.split('.').length === 3);
        for (const value of offered) expect(JSON.stringify(authority.audits)).not.toContain(value);
        if (response.status === 200) {
          expect(answer['token_type']).toBe('Bearer');
          return;
        }
        expect(response.status).toBe(400);
        expect(REQUEST_ERRORS).toContain(answer['error']);
        for (const value of offered) expect(String(answer['error_description'])).not.toContain(value);
      }),
      // Each case is a real request: FUZZ_RUNS scales them down a hundredfold (at least the default).
      { ...settings, numRuns: Math.max(HTTP_RUNS, Math.ceil((settings.numRuns ?? HTTP_RUNS) / 100)) },
    );
  }, fuzzTimeout(HTTP_RUNS, 100));
});
