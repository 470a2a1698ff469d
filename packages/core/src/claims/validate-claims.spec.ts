import { InvalidTokenError } from '../errors/invalid-token.error.js';
import { validateClaims, type ClaimsRules } from './validate-claims.js';

const NOW = 1_750_000_000;
const ISSUER = 'https://auth.example.com';

const RULES: ClaimsRules = { audiences: new Set(['eventcatalog']), clockTolerance: 0, maxTokenAge: undefined, maxActorDepth: 8 };

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    iss: ISSUER,
    aud: 'eventcatalog',
    sub: 'user-1',
    client_id: 'web',
    iat: NOW - 10,
    exp: NOW + 300,
    jti: 'token-1',
    ...overrides,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return payload;
}

interface Refusal {
  readonly code: string;
  readonly claim: string | undefined;
  readonly status: number;
  readonly wwwAuthenticate: string | undefined;
}

function refusalOf(payload: Record<string, unknown>, rules: Partial<ClaimsRules> = {}, now = NOW): Refusal {
  try {
    validateClaims(payload, ISSUER, { ...RULES, ...rules }, now);
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    return { code: error.code, claim: error.claim, status: error.status, wwwAuthenticate: error.wwwAuthenticate() };
  }
  throw new Error('expected validateClaims to throw');
}

const refused = (code: string, claim: string, description: string): Refusal => ({
  code,
  claim,
  status: 401,
  wwwAuthenticate: `Bearer error="invalid_token", error_description="${description}"`,
});
const EXPIRED = (claim = 'exp'): Refusal => refused('ERR_TOKEN_EXPIRED', claim, 'The access token expired');
const NOT_YET_VALID = (claim: string): Refusal => refused('ERR_TOKEN_NOT_YET_VALID', claim, 'The access token is not valid yet');
const CLAIM_INVALID = (claim: string): Refusal => refused('ERR_TOKEN_CLAIM_INVALID', claim, 'The access token has an invalid claim');
const WRONG_AUDIENCE: Refusal = refused('ERR_TOKEN_AUDIENCE', 'aud', 'The access token is not meant for this service');

describe('validateClaims', () => {
  it('C2: builds the principal from valid claims', () => {
    const principal = validateClaims(
      claims({ scope: 'eventcatalog.read eventcatalog.write', act: { sub: 'svc-a', client_id: 'svc-a' } }),
      ISSUER,
      RULES,
      NOW,
    );

    expect(principal).toEqual({
      subject: 'user-1',
      clientId: 'web',
      scopes: new Set(['eventcatalog.read', 'eventcatalog.write']),
      audience: ['eventcatalog'],
      issuer: ISSUER,
      expiresAt: NOW + 300,
      tokenId: 'token-1',
      actor: { subject: 'svc-a', clientId: 'svc-a', issuer: undefined, actor: undefined },
      claims: expect.objectContaining({ sub: 'user-1', jti: 'token-1' }),
    });
  });

  describe('C4: exp', () => {
    it.each<[string, number, number]>([
      ['exp = now + 1', 0, NOW + 1],
      ['exp far in the future', 0, NOW + 86_400],
      ['exp = now - 4 within 5 s tolerance', 5, NOW - 4],
      ['exp = now + 1 within 5 s tolerance', 5, NOW + 1],
      ['exp = now - 59 within 60 s tolerance', 60, NOW - 59],
      ['fractional exp = now + 0.5', 0, NOW + 0.5],
    ])('C4: accepts %s (tolerance %i)', (_name, clockTolerance, exp) => {
      expect(validateClaims(claims({ exp, iat: undefined }), ISSUER, { ...RULES, clockTolerance }, NOW).expiresAt).toBe(exp);
    });

    it.each<[string, number, number]>([
      ['exp = now', 0, NOW],
      ['exp = now - 1', 0, NOW - 1],
      ['exp = now - 5 at 5 s tolerance', 5, NOW - 5],
      ['exp = now - 6 at 5 s tolerance', 5, NOW - 6],
      ['exp = now - 60 at 60 s tolerance', 60, NOW - 60],
      ['exp = 0', 0, 0],
      ['a negative exp', 0, -1],
    ])('C4: refuses %s (tolerance %i) as expired', (_name, clockTolerance, exp) => {
      expect(refusalOf(claims({ exp, iat: undefined }), { clockTolerance })).toEqual(EXPIRED());
    });

    it('C4: exp is required', () => {
      expect(refusalOf(claims({ exp: undefined }))).toEqual(CLAIM_INVALID('exp'));
    });
  });

  describe('C4: nbf and iat', () => {
    it.each<[string, string, number, number]>([
      ['nbf = now', 'nbf', 0, NOW],
      ['nbf in the past', 'nbf', 0, NOW - 100],
      ['nbf = now + 5 within 5 s tolerance', 'nbf', 5, NOW + 5],
      ['iat = now', 'iat', 0, NOW],
      ['iat in the past', 'iat', 0, NOW - 3_600],
      ['iat = now + 5 within 5 s tolerance', 'iat', 5, NOW + 5],
    ])('C4: accepts %s', (_name, claim, clockTolerance, value) => {
      expect(() => validateClaims(claims({ [claim]: value }), ISSUER, { ...RULES, clockTolerance }, NOW)).not.toThrow();
    });

    it.each<[string, string, number, number]>([
      ['nbf = now + 1', 'nbf', 0, NOW + 1],
      ['nbf = now + 6 beyond 5 s tolerance', 'nbf', 5, NOW + 6],
      ['nbf an hour ahead', 'nbf', 5, NOW + 3_600],
      ['iat = now + 1', 'iat', 0, NOW + 1],
      ['iat = now + 6 beyond 5 s tolerance', 'iat', 5, NOW + 6],
      ['iat a day ahead', 'iat', 5, NOW + 86_400],
    ])('C4: refuses %s as not yet valid', (_name, claim, clockTolerance, value) => {
      expect(refusalOf(claims({ [claim]: value }), { clockTolerance })).toEqual(NOT_YET_VALID(claim));
    });

    it('C4: nbf and iat are optional when maxTokenAge is not set', () => {
      expect(() => validateClaims(claims({ nbf: undefined, iat: undefined }), ISSUER, RULES, NOW)).not.toThrow();
    });
  });

  describe('C4: maxTokenAge', () => {
    it.each<[string, number, number, number]>([
      ['iat = now - 60, max age 60', 60, 0, NOW - 60],
      ['iat = now, max age 60', 60, 0, NOW],
      ['iat = now - 65, max age 60, 5 s tolerance', 60, 5, NOW - 65],
      ['iat = now - 0, max age 0', 0, 0, NOW],
    ])('C4: accepts %s', (_name, maxTokenAge, clockTolerance, iat) => {
      expect(() => validateClaims(claims({ iat }), ISSUER, { ...RULES, maxTokenAge, clockTolerance }, NOW)).not.toThrow();
    });

    it.each<[string, number, number, number]>([
      ['iat = now - 61, max age 60', 60, 0, NOW - 61],
      ['iat = now - 66, max age 60, 5 s tolerance', 60, 5, NOW - 66],
      ['iat = now - 1, max age 0', 0, 0, NOW - 1],
      ['iat a day old, max age 1 h', 3_600, 5, NOW - 86_400],
    ])('C4: refuses %s as expired (claim iat)', (_name, maxTokenAge, clockTolerance, iat) => {
      expect(refusalOf(claims({ iat }), { maxTokenAge, clockTolerance })).toEqual(EXPIRED('iat'));
    });

    it('C4: iat becomes required when maxTokenAge is set', () => {
      expect(refusalOf(claims({ iat: undefined }), { maxTokenAge: 60 })).toEqual(CLAIM_INVALID('iat'));
    });
  });

  describe('C2: aud', () => {
    it.each<[string, unknown]>([
      ['a string', 'eventcatalog'],
      ['a one-element array', ['eventcatalog']],
      ['an array containing it among others', ['billing', 'eventcatalog', 'ticketing']],
    ])('C2: accepts an aud that is %s', (_name, aud) => {
      expect(validateClaims(claims({ aud }), ISSUER, RULES, NOW).audience).toEqual(Array.isArray(aud) ? aud : [aud]);
    });

    it('C2: accepts any one of several configured audiences', () => {
      const rules = { ...RULES, audiences: new Set(['eventcatalog', 'https://api.example.com']) };

      expect(() => validateClaims(claims({ aud: 'https://api.example.com' }), ISSUER, rules, NOW)).not.toThrow();
    });

    it.each<[string, unknown, Refusal]>([
      ['missing', undefined, WRONG_AUDIENCE],
      ['another service', 'billing', WRONG_AUDIENCE],
      ['an array of other services', ['billing', 'ticketing'], WRONG_AUDIENCE],
      ['a different case', 'EventCatalog', WRONG_AUDIENCE],
      ['with a trailing slash', 'eventcatalog/', WRONG_AUDIENCE],
      ['with surrounding spaces', ' eventcatalog ', WRONG_AUDIENCE],
      ['a space-separated string holding it', 'billing eventcatalog', WRONG_AUDIENCE],
      ['an empty string', '', CLAIM_INVALID('aud')],
      ['an empty array', [], CLAIM_INVALID('aud')],
      ['an array with an empty string', ['eventcatalog', ''], CLAIM_INVALID('aud')],
    ])('C2: refuses an aud that is %s', (_name, aud, expected) => {
      expect(refusalOf(claims({ aud }))).toEqual(expected);
    });
  });

  describe('C3: claim types', () => {
    it.each<[string, string, unknown]>([
      ['exp as a string', 'exp', String(NOW + 300)],
      ['exp as null', 'exp', null],
      ['exp as a boolean', 'exp', true],
      ['exp as an array', 'exp', [NOW + 300]],
      ['exp as an ISO date', 'exp', '2030-01-01T00:00:00Z'],
      ['nbf as a string', 'nbf', String(NOW)],
      ['nbf as null', 'nbf', null],
      ['iat as a string', 'iat', String(NOW)],
      ['iat as an object', 'iat', { seconds: NOW }],
      ['aud as a number', 'aud', 42],
      ['aud as an object', 'aud', { eventcatalog: true }],
      ['aud as an array with a number', 'aud', ['eventcatalog', 1]],
      ['aud as null', 'aud', null],
      ['sub as a number', 'sub', 12_345],
      ['sub as null', 'sub', null],
      ['client_id as an array', 'client_id', ['web']],
      ['jti as a number', 'jti', 7],
      ['scope as a number', 'scope', 1],
      ['scope as an array', 'scope', ['eventcatalog.read']],
      ['scope as null', 'scope', null],
      ['scp as an object', 'scp', { read: true }],
      ['scp as a number', 'scp', 3],
      ['scp as an array with a number', 'scp', ['read', 2]],
      ['act as a string', 'act', 'svc-a'],
      ['act as an array', 'act', [{ sub: 'svc-a' }]],
      ['act as null', 'act', null],
      ['act with a nested act string', 'act', { sub: 'svc-a', act: 'svc-b' }],
    ])('C3: refuses %s', (_name, claim, value) => {
      expect(refusalOf(claims({ [claim]: value }))).toEqual(CLAIM_INVALID(claim));
    });

    it.each<[string, Record<string, unknown>]>([
      ['a numeric sub', { sub: 7 }],
      ['an array client_id', { client_id: ['svc-a'] }],
      ['a numeric iss', { iss: 1 }],
      ['a nested actor with a numeric sub', { sub: 'svc-b', act: { sub: 7 } }],
    ])('C3: refuses an act member with %s', (_name, act) => {
      // The outcome here; the claim named for a bad member inside `act` is pinned by the test below.
      expect(refusalOf(claims({ act }))).toMatchObject({
        code: 'ERR_TOKEN_CLAIM_INVALID',
        status: 401,
        wwwAuthenticate: 'Bearer error="invalid_token", error_description="The access token has an invalid claim"',
      });
    });

    it.each<[string, Record<string, unknown>]>([
      ['act: { sub: 7 }', { sub: 7 }],
      ['act: { client_id: [] }', { client_id: [] }],
      ['act: { iss: 1 }', { iss: 1 }],
      ['act: { sub: null }', { sub: null }],
      ["act: { sub: 'a', act: { iss: 1 } } (nested)", { sub: 'a', act: { iss: 1 } }],
      ["act: { sub: 'b', act: { sub: 'a', act: { client_id: false } } } (two levels down)", { sub: 'b', act: { sub: 'a', act: { client_id: false } } }],
    ])('C3: a bad member inside act (%s) is refused naming the top-level claim "act"', (_name, act) => {
      expect(refusalOf(claims({ act }))).toEqual(CLAIM_INVALID('act'));
    });

    it('C3: refuses an act chain deeper than maxActorDepth', () => {
      const chain = (depth: number): Record<string, unknown> => (depth === 0 ? { sub: 'svc-0' } : { sub: `svc-${depth}`, act: chain(depth - 1) });

      expect(refusalOf(claims({ act: chain(3) }), { maxActorDepth: 3 })).toEqual(CLAIM_INVALID('act'));
      expect(() => validateClaims(claims({ act: chain(2) }), ISSUER, { ...RULES, maxActorDepth: 3 }, NOW)).not.toThrow();
    });

    it('C3: a hostile 10,000-deep act chain is refused without recursion trouble', () => {
      let act: Record<string, unknown> = { sub: 'svc' };
      for (let depth = 0; depth < 10_000; depth += 1) act = { sub: 'svc', act };

      expect(refusalOf(claims({ act }))).toEqual(CLAIM_INVALID('act'));
    });

    it('C3: reads the act chain outermost (current) actor first', () => {
      const principal = validateClaims(
        claims({ act: { sub: 'svc-b', client_id: 'svc-b', act: { sub: 'svc-a', iss: 'https://other.example.com' } } }),
        ISSUER,
        RULES,
        NOW,
      );

      expect(principal.actor).toEqual({
        subject: 'svc-b',
        clientId: 'svc-b',
        issuer: undefined,
        actor: { subject: 'svc-a', clientId: undefined, issuer: 'https://other.example.com', actor: undefined },
      });
    });
  });

  describe('Z4: scopes as granted by the token', () => {
    it.each<[string, Record<string, unknown>, string[]]>([
      ['a space-separated scope', { scope: 'read write' }, ['read', 'write']],
      ['extra spaces in scope', { scope: '  read   write ' }, ['read', 'write']],
      ['an empty scope', { scope: '' }, []],
      ['scp as an array', { scp: ['read', 'write'] }, ['read', 'write']],
      ['scp as a space-separated string', { scp: 'read write' }, ['read', 'write']],
      ['no scope at all', {}, []],
      ['scope winning over scp', { scope: 'read', scp: ['admin'] }, ['read']],
    ])('Z4: reads %s', (_name, overrides, scopes) => {
      expect([...validateClaims(claims(overrides), ISSUER, RULES, NOW).scopes]).toEqual(scopes);
    });

    it('Z4: keeps "readonly" as one whole scope, not "read"', () => {
      const { scopes } = validateClaims(claims({ scope: 'readonly' }), ISSUER, RULES, NOW);

      expect(scopes.has('read')).toBe(false);
      expect(scopes.has('readonly')).toBe(true);
    });

    it('Z4: a tab is not a separator (RFC 6749 §3.3 uses spaces only)', () => {
      expect([...validateClaims(claims({ scope: 'read\twrite' }), ISSUER, RULES, NOW).scopes]).toEqual(['read\twrite']);
    });

    it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
      ['neither scope nor scp, twice', {}, {}],
      ['scope: "", twice', { scope: '' }, { scope: '' }],
      ['no scope, then scp: ""', {}, { scp: '' }],
    ])('Z4: two tokens without scopes (%s) do not share one scopes Set', (_name, first, second) => {
      const a = validateClaims(claims({ ...first, jti: 'token-a' }), ISSUER, RULES, NOW);
      const b = validateClaims(claims({ ...second, jti: 'token-b' }), ISSUER, RULES, NOW);

      expect(a.scopes.size).toBe(0);
      expect(b.scopes.size).toBe(0);
      expect(a.scopes).not.toBe(b.scopes);
      // A Set is not made read-only by freezing its holder: a handler adding to one token's
      // scopes must not grant them to every other scope-less token.
      (a.scopes as Set<string>).add('admin');
      expect(b.scopes.has('admin')).toBe(false);
    });

    it.each<[string, Record<string, unknown>]>([
      ['with scopes and a two-level act chain', { scope: 'read', act: { sub: 'svc-b', act: { sub: 'svc-a' } } }],
      ['without scope or act', {}],
    ])('Z4: the principal and its claims are frozen (%s), so a shared principal cannot be widened', (_name, overrides) => {
      const principal = validateClaims(claims(overrides), ISSUER, RULES, NOW);

      expect(Object.isFrozen(principal)).toBe(true);
      expect(Object.isFrozen(principal.claims)).toBe(true);
      for (let actor = principal.actor; actor !== undefined; actor = actor.actor) expect(Object.isFrozen(actor)).toBe(true);
      expect(Reflect.set(principal, 'scopes', new Set(['admin']))).toBe(false);
      expect(Reflect.set(principal.claims, 'scope', 'admin')).toBe(false);
      expect(Reflect.set(principal, 'subject', 'admin')).toBe(false);
      expect(principal.subject).toBe('user-1');
    });
  });
});
