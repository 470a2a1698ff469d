import { SUPPORTED_ALGORITHMS } from '../jws/algorithms.js';
import { DEFAULT_JWKS_OPTIONS } from '../keys/jwks-options.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import type { AccessTokenVerifierOptions } from './access-token-verifier-options.js';
import { resolveVerifierOptions } from './resolve-verifier-options.js';

const BASE: AccessTokenVerifierOptions = { issuer: 'https://auth.example.com', audience: 'eventcatalog' };

/** Options as a careless (or JavaScript) caller could pass them, past the type checker. */
function withOptions(overrides: Record<string, unknown>): AccessTokenVerifierOptions {
  return { ...BASE, ...overrides } as unknown as AccessTokenVerifierOptions;
}

describe('resolveVerifierOptions', () => {
  it('C2: fills in the documented defaults', () => {
    const resolved = resolveVerifierOptions(BASE);

    expect([...resolved.issuers.keys()]).toEqual(['https://auth.example.com']);
    expect(resolved.issuers.get('https://auth.example.com')).toEqual({
      issuer: 'https://auth.example.com',
      jwksUri: undefined,
      algorithms: new Set(SUPPORTED_ALGORITHMS),
      accessTokenProfile: true,
    });
    expect(resolved.audiences).toEqual(new Set(['eventcatalog']));
    expect(resolved.clockTolerance).toBe(5);
    expect(resolved.maxTokenAge).toBeUndefined();
    expect(resolved.maxTokenLength).toBe(16_384);
    expect(resolved.maxActorDepth).toBe(8);
    expect(resolved.jwks).toEqual(DEFAULT_JWKS_OPTIONS);
    expect(resolved.cache).toEqual({ maxEntries: 10_000, maxBytes: 32 * 1024 * 1024 });
  });

  it('C5: keeps each trusted issuer with its own JWKS URL, algorithms and profile', () => {
    const resolved = resolveVerifierOptions({
      issuer: [
        'https://a.example.com',
        { issuer: 'https://b.example.com/realms/x', jwksUri: 'https://b.example.com/keys', algorithms: ['ES256'], accessTokenProfile: false },
      ],
      audience: ['eventcatalog', 'https://api.example.com'],
      algorithms: ['ES256', 'RS256'],
    });

    expect(resolved.issuers.get('https://a.example.com')).toEqual({
      issuer: 'https://a.example.com',
      jwksUri: undefined,
      algorithms: new Set(['ES256', 'RS256']),
      accessTokenProfile: true,
    });
    expect(resolved.issuers.get('https://b.example.com/realms/x')).toEqual({
      issuer: 'https://b.example.com/realms/x',
      jwksUri: new URL('https://b.example.com/keys'),
      algorithms: new Set(['ES256']),
      accessTokenProfile: false,
    });
    expect(resolved.audiences).toEqual(new Set(['eventcatalog', 'https://api.example.com']));
  });

  it('C2: keeps the issuer exactly as written (no normalisation of a trailing slash)', () => {
    const resolved = resolveVerifierOptions({ ...BASE, issuer: 'https://auth.example.com/' });

    expect([...resolved.issuers.keys()]).toEqual(['https://auth.example.com/']);
  });

  it.each([
    ['http://localhost:8080'],
    ['http://127.0.0.1:4000/realms/demo'],
    ['http://[::1]:4000'],
  ])('P4: accepts plain http for the loopback issuer %s', (issuer) => {
    expect(() => resolveVerifierOptions({ ...BASE, issuer })).not.toThrow();
  });

  it('P4: accepts plain http elsewhere only with allowInsecureHttp', () => {
    expect(() => resolveVerifierOptions({ ...BASE, issuer: 'http://auth.internal', allowInsecureHttp: true })).not.toThrow();
  });

  it('K2: merges partial jwks durations with the defaults', () => {
    expect(resolveVerifierOptions({ ...BASE, jwks: { timeout: 250, cooldown: 0 } }).jwks).toEqual({
      ...DEFAULT_JWKS_OPTIONS,
      timeout: 250,
      cooldown: 0,
    });
  });

  it('K4: verifiedTokenCache: false turns the cache off', () => {
    expect(resolveVerifierOptions({ ...BASE, verifiedTokenCache: false }).cache).toBeUndefined();
  });

  describe('refuses to start, naming the option', () => {
    it.each<[string, string, Record<string, unknown>, RegExp]>([
      ['C2', 'an empty issuer', { issuer: '' }, /^`issuer` must be a non-empty URL/],
      ['C2', 'a blank issuer', { issuer: '   ' }, /^`issuer` must be a non-empty URL/],
      ['C2', 'an empty issuer list', { issuer: [] }, /^`issuer` must name at least one trusted issuer/],
      ['C2', 'an empty issuer in a list', { issuer: ['https://a.example.com', ''] }, /^`issuer\[1\]` must be a non-empty URL/],
      ['C2', 'an empty issuer object', { issuer: { issuer: '' } }, /^`issuer\.issuer` must be a non-empty URL/],
      ['C2', 'a missing issuer', { issuer: undefined }, /`issuer`/],
      ['C2', 'a null issuer entry', { issuer: [null] }, /^`issuer\[0\]` must be an issuer URL or \{ issuer, jwksUri\? \}/],
      ['C2', 'an issuer that is not a URL', { issuer: 'auth.example.com' }, /^`issuer` is not a valid URL: "auth\.example\.com"/],
      ['C2', 'a duplicate issuer', { issuer: ['https://a.example.com', 'https://a.example.com'] }, /^`issuer\[1\]` repeats the issuer https:\/\/a\.example\.com/],
      ['C2', 'a duplicate issuer given as string and object', { issuer: ['https://a.example.com', { issuer: 'https://a.example.com' }] }, /^`issuer\[1\]` repeats the issuer/],
      ['C2', 'an empty audience', { audience: '' }, /^`audience` must be this service's audience/],
      ['C2', 'a blank audience', { audience: '  ' }, /^`audience`/],
      ['C2', 'an empty audience list', { audience: [] }, /^`audience`/],
      ['C2', 'an empty string in the audience list', { audience: ['eventcatalog', ''] }, /^`audience`/],
      ['C2', 'a missing audience', { audience: undefined }, /^`audience`/],
      ['C2', 'a numeric audience', { audience: 42 }, /^`audience`/],
      ['P1', 'alg "none" in algorithms', { algorithms: ['none'] }, /^`algorithms` contains "none", which is not allowed/],
      ['P1', 'alg "None" in algorithms', { algorithms: ['ES256', 'None'] }, /^`algorithms` contains "None"/],
      ['P2', 'HS256 in algorithms', { algorithms: ['HS256'] }, /^`algorithms` contains "HS256", which is not allowed: use asymmetric algorithms only/],
      ['P2', 'HS384 in algorithms', { algorithms: ['RS256', 'HS384'] }, /^`algorithms` contains "HS384"/],
      ['P2', 'HS512 in algorithms', { algorithms: ['HS512'] }, /^`algorithms` contains "HS512"/],
      ['P3', 'a lower-case algorithm name', { algorithms: ['rs256'] }, /^`algorithms` contains "rs256"/],
      ['P3', 'an encryption algorithm', { algorithms: ['RSA-OAEP'] }, /^`algorithms` contains "RSA-OAEP"/],
      ['P3', 'an empty algorithm list', { algorithms: [] }, /^`algorithms` must be a non-empty list of algorithms/],
      ['P3', 'algorithms as a string', { algorithms: 'RS256' }, /^`algorithms` must be a non-empty list/],
      ['P3', 'an issuer algorithm outside the verifier list', { algorithms: ['ES256'], issuer: { issuer: 'https://a.example.com', algorithms: ['RS256'] } }, /^`issuer\.algorithms` contains RS256, which the verifier's `algorithms` does not allow/],
      ['P2', 'HS256 for one issuer', { issuer: [{ issuer: 'https://a.example.com', algorithms: ['HS256'] }] }, /^`issuer\[0\]\.algorithms` contains "HS256"/],
      ['P3', 'an empty issuer algorithm list', { issuer: { issuer: 'https://a.example.com', algorithms: [] } }, /^`issuer\.algorithms` must be a non-empty list/],
      ['P4', 'http on a non-loopback issuer', { issuer: 'http://auth.example.com' }, /^`issuer` must use https \(plain http is accepted for localhost only, or with `allowInsecureHttp: true`\)/],
      ['P4', 'http on a look-alike of localhost', { issuer: 'http://localhost.attacker.example' }, /^`issuer` must use https/],
      ['P4', 'http on another loopback spelling', { issuer: 'http://127.0.0.1.nip.io' }, /^`issuer` must use https/],
      ['P4', 'http on a JWKS URL', { issuer: { issuer: 'https://a.example.com', jwksUri: 'http://a.example.com/jwks' } }, /^`issuer\.jwksUri` must use https/],
      ['P4', 'an ftp JWKS URL', { issuer: [{ issuer: 'https://a.example.com', jwksUri: 'ftp://a.example.com/jwks' }] }, /^`issuer\[0\]\.jwksUri` must use https/],
      ['P4', 'a file: issuer', { issuer: 'file:///etc/passwd' }, /^`issuer` must use https/],
      ['P4', 'an empty JWKS URL', { issuer: { issuer: 'https://a.example.com', jwksUri: '' } }, /^`issuer\.jwksUri` must be a non-empty URL/],
      ['P4', 'allowInsecureHttp does not allow other schemes', { issuer: 'ftp://auth.example.com', allowInsecureHttp: true }, /^`issuer` must use https/],
      ['C1', 'a non-boolean accessTokenProfile', { accessTokenProfile: 'yes' }, /^`accessTokenProfile` must be true or false/],
      ['C1', 'a non-boolean issuer accessTokenProfile', { issuer: { issuer: 'https://a.example.com', accessTokenProfile: 0 } }, /^`issuer\.accessTokenProfile` must be true or false/],
      ['C4', 'a negative clockTolerance', { clockTolerance: -1 }, /^`clockTolerance` must be a number ≥ 0/],
      ['C4', 'a NaN clockTolerance', { clockTolerance: Number.NaN }, /^`clockTolerance`/],
      ['C4', 'an infinite clockTolerance', { clockTolerance: Number.POSITIVE_INFINITY }, /^`clockTolerance`/],
      ['C4', 'a string clockTolerance', { clockTolerance: '5' }, /^`clockTolerance`/],
      ['C4', 'a negative maxTokenAge', { maxTokenAge: -60 }, /^`maxTokenAge` must be a number ≥ 0/],
      ['P7', 'a zero maxTokenLength', { maxTokenLength: 0 }, /^`maxTokenLength` must be a whole number > 0/],
      ['P7', 'a fractional maxTokenLength', { maxTokenLength: 1.5 }, /^`maxTokenLength`/],
      ['C3', 'a zero maxActorDepth', { maxActorDepth: 0 }, /^`maxActorDepth` must be a whole number > 0/],
      ['K1', 'an unknown jwks option', { jwks: { coolDown: 1_000 } }, /^`jwks\.coolDown` is not an option; known ones: timeout, cooldown, cacheMaxAge, staleWindow, failureBackoff/],
      ['K4', 'a misspelt jwks option', { jwks: { cacheMaxage: 1_000 } }, /^`jwks\.cacheMaxage` is not an option/],
      ['K2', 'a negative jwks timeout', { jwks: { timeout: -1 } }, /^`jwks\.timeout` must be a whole number of milliseconds ≥ 0/],
      ['K1', 'a fractional jwks cooldown', { jwks: { cooldown: 0.5 } }, /^`jwks\.cooldown` must be a whole number of milliseconds/],
      ['K3', 'a string jwks staleWindow', { jwks: { staleWindow: '15m' } }, /^`jwks\.staleWindow`/],
      ['K3', 'a NaN jwks failureBackoff', { jwks: { failureBackoff: Number.NaN } }, /^`jwks\.failureBackoff`/],
      ['K2', 'jwks that is not an object', { jwks: 5_000 }, /^`jwks` must be an object of durations in milliseconds/],
      ['K2', 'jwks: null', { jwks: null }, /^`jwks` must be an object/],
      ['K4', 'a non-object verifiedTokenCache', { verifiedTokenCache: true }, /^`verifiedTokenCache` must be false or \{ maxEntries\?, maxBytes\? \}/],
      ['K4', 'a zero verifiedTokenCache.maxEntries', { verifiedTokenCache: { maxEntries: 0 } }, /^`verifiedTokenCache\.maxEntries` must be a whole number > 0/],
      ['K4', 'a negative verifiedTokenCache.maxBytes', { verifiedTokenCache: { maxBytes: -1 } }, /^`verifiedTokenCache\.maxBytes`/],
    ])('%s: refuses %s with a TypeError that names the option', (_id, _name, overrides, message) => {
      const options = withOptions(overrides);

      expect(() => resolveVerifierOptions(options)).toThrow(TypeError);
      expect(() => resolveVerifierOptions(options)).toThrow(message);
    });

    it.each<[string, unknown]>([
      ['undefined', undefined],
      ['null', null],
      ['a string', 'https://auth.example.com'],
    ])('C2: refuses %s as the options object', (_name, options) => {
      expect(() => resolveVerifierOptions(options as AccessTokenVerifierOptions)).toThrow(
        new TypeError('Verifier options must be an object with at least `issuer` and `audience`.'),
      );
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['an empty audience', { audience: '' }, /`audience`/],
      ['HS256', { algorithms: ['HS256'] }, /`algorithms`/],
      ['a plain-http issuer', { issuer: 'http://auth.example.com' }, /`issuer`/],
      ['an unknown jwks option', { jwks: { ttl: 1 } }, /`jwks\.ttl`/],
    ])('C2: new AccessTokenVerifier refuses %s at construction', (_name, overrides, message) => {
      expect(() => new AccessTokenVerifier(withOptions(overrides))).toThrow(message);
    });
  });
});
