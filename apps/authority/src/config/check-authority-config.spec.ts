import { authorityConfigFromEnvironment } from './authority-config-from-environment.js';
import type { AuthorityConfig } from './authority-config.js';
import { checkAuthorityConfig } from './check-authority-config.js';

const base = (): AuthorityConfig => authorityConfigFromEnvironment({ BATON_DATA_DIR: '/tmp/baton-test' });

describe('authorityConfigFromEnvironment', () => {
  it('defaults to the main authority of the demo topology', () => {
    expect(checkAuthorityConfig(base())).toEqual({
      role: 'main',
      issuer: 'http://localhost:4000',
      port: 4000,
      host: 'localhost',
      dataDir: '/tmp/baton-test',
      webUrl: 'http://localhost:3000',
      partnerIssuer: 'http://localhost:4010',
      partnerPortalRedirectUri: 'http://localhost:3010/callback',
      accessTokenTtl: 300,
    });
  });

  it('starts the partner authority on the partner URL with AUTHORITY_ROLE=partner', () => {
    const config = checkAuthorityConfig(authorityConfigFromEnvironment({ AUTHORITY_ROLE: 'partner', PARTNER_AUTHORITY_URL: 'http://127.0.0.1:5010' }));
    expect(config).toMatchObject({ role: 'partner', issuer: 'http://127.0.0.1:5010', port: 5010 });
  });

  it('reads every variable', () => {
    const config = authorityConfigFromEnvironment({
      AUTHORITY_URL: 'https://auth.example.com',
      AUTHORITY_PORT: '8443',
      AUTHORITY_HOST: '0.0.0.0',
      AUTHORITY_ACCESS_TOKEN_TTL: '120',
      AUTHORITY_POLICY_FILE: '/etc/baton/policy.json',
      WEB_URL: 'https://shop.example.com',
      PARTNER_PORTAL_REDIRECT_URI: 'https://portal.partner.example/cb',
    });
    expect(checkAuthorityConfig(config)).toMatchObject({
      issuer: 'https://auth.example.com',
      port: 8443,
      host: '0.0.0.0',
      accessTokenTtl: 120,
      policyFile: '/etc/baton/policy.json',
      webUrl: 'https://shop.example.com',
      partnerPortalRedirectUri: 'https://portal.partner.example/cb',
    });
  });
});

describe('checkAuthorityConfig: every mistake names the option, its variable and the fix', () => {
  it.each<[string, Partial<AuthorityConfig>, string]>([
    ['an unknown role', { role: 'backup' as AuthorityConfig['role'] }, 'authority.role (AUTHORITY_ROLE) must be one of "main", "partner", got "backup".'],
    ['an issuer that is no URL', { issuer: 'localhost:4000' }, 'authority.issuer (AUTHORITY_URL) must be an absolute http(s) URL such as "http://localhost:4000", got "localhost:4000".'],
    ['an issuer with a trailing slash', { issuer: 'http://localhost:4000/' }, 'authority.issuer (AUTHORITY_URL) must be an issuer identifier without query or trailing slash, e.g. "http://localhost:4000".'],
    ['an issuer with a fragment', { issuer: 'http://localhost:4000#x' }, 'authority.issuer (AUTHORITY_URL) must not have a #fragment: remove it.'],
    ['plain http beyond loopback', { issuer: 'http://auth.example.com' }, 'authority.issuer (AUTHORITY_URL) uses plain http on "auth.example.com": only a loopback host (localhost, 127.0.0.1, [::1]) may use http; use https.'],
    ['a port out of range', { port: 70000 }, 'authority.port (AUTHORITY_PORT) must be a whole number from 0 to 65535, got 70000.'],
    ['a port that is not a number', { port: Number.NaN }, 'authority.port (AUTHORITY_PORT) must be a whole number from 0 to 65535, got NaN.'],
    ['an empty host', { host: ' ' }, 'authority.host (AUTHORITY_HOST) must be a host name or address to listen on, such as "localhost".'],
    ['an empty data folder', { dataDir: '' }, 'authority.dataDir (BATON_DATA_DIR) must be a folder for generated keys, users and secrets, such as ".data".'],
    ['a web URL that is not http', { webUrl: 'ftp://localhost' }, 'authority.webUrl (WEB_URL) must be an absolute http(s) URL such as "http://localhost:3000", got "ftp://localhost".'],
    ['a partner issuer equal to the issuer', { partnerIssuer: 'http://localhost:4000' }, 'authority.partnerIssuer (PARTNER_AUTHORITY_URL) must differ from authority.issuer (AUTHORITY_URL): the partner is another authority.'],
    ['an access-token lifetime too short', { accessTokenTtl: 10 }, 'authority.accessTokenTtl (AUTHORITY_ACCESS_TOKEN_TTL) must be a whole number of seconds from 30 to 86400, got 10.'],
    ['an access-token lifetime too long', { accessTokenTtl: 86_401 }, 'authority.accessTokenTtl (AUTHORITY_ACCESS_TOKEN_TTL) must be a whole number of seconds from 30 to 86400, got 86401.'],
    ['an empty policy file', { policyFile: '' }, 'authority.policyFile (AUTHORITY_POLICY_FILE) must be the path of a JSON token-exchange policy, or unset for the demo policy.'],
  ])('refuses %s', (_case, change, message) => {
    expect(() => checkAuthorityConfig({ ...base(), ...change })).toThrow(new TypeError(message));
  });

  it('reads a non-numeric AUTHORITY_PORT or AUTHORITY_ACCESS_TOKEN_TTL as a mistake, not as a default', () => {
    expect(() => checkAuthorityConfig(authorityConfigFromEnvironment({ AUTHORITY_PORT: '4000abc' }))).toThrow(/^authority\.port \(AUTHORITY_PORT\)/);
    expect(() => checkAuthorityConfig(authorityConfigFromEnvironment({ AUTHORITY_ACCESS_TOKEN_TTL: '5m' }))).toThrow(/^authority\.accessTokenTtl \(AUTHORITY_ACCESS_TOKEN_TTL\)/);
  });

  it('names the partner variable for the partner issuer, and refuses a policy file on the partner', () => {
    const partner = authorityConfigFromEnvironment({ AUTHORITY_ROLE: 'partner' });
    expect(() => checkAuthorityConfig({ ...partner, issuer: 'http://partner.example' })).toThrow(/^authority\.issuer \(PARTNER_AUTHORITY_URL\) uses plain http/);
    expect(() => checkAuthorityConfig({ ...partner, policyFile: '/x.json' })).toThrow(
      new TypeError('authority.policyFile (AUTHORITY_POLICY_FILE) applies to the main authority only: the partner authority does no token exchange; unset it.'),
    );
    expect(() => checkAuthorityConfig({ ...partner, partnerPortalRedirectUri: 'not a url' })).toThrow(/^authority\.partnerPortalRedirectUri \(PARTNER_PORTAL_REDIRECT_URI\) must be an absolute/);
  });

  it('lets demoTopology name a bad AUTHORITY_URL before anything else', () => {
    expect(() => authorityConfigFromEnvironment({ AUTHORITY_URL: 'nope' })).toThrow(/^AUTHORITY_URL must be an/);
  });
});
