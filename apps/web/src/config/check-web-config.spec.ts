import { checkWebConfig } from './check-web-config.js';
import type { WebConfig } from './web-config.js';
import { webConfigFromEnvironment } from './web-config-from-environment.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VALID: WebConfig = {
  webUrl: 'http://localhost:3000',
  authorityUrl: 'http://localhost:4000',
  eventcatalogUrl: 'http://localhost:4001',
  shoppingbasketUrl: 'http://localhost:4002',
  discountUrl: 'http://localhost:4003',
  clientId: 'web',
  clientSecret: 'secret-secret',
  sessionSecret: 'x'.repeat(32),
  signInScope: 'openid offline_access eventcatalog.read',
  apis: {
    eventcatalog: { resource: 'urn:globoticket:eventcatalog', scope: 'eventcatalog.read' },
    shoppingbasket: { resource: 'urn:globoticket:shoppingbasket', scope: 'shoppingbasket.fullaccess' },
  },
  allowInsecureHttp: true,
};

describe('checkWebConfig', () => {
  it('accepts the demo configuration as it is', () => {
    expect(checkWebConfig(VALID)).toBe(VALID);
  });

  it.each([
    [{ webUrl: 'localhost:3000' }, /^web\.webUrl must be an absolute http\(s\) URL/],
    [{ discountUrl: 'ftp://localhost' }, /^web\.discountUrl must be an absolute http\(s\) URL/],
    [{ authorityUrl: 'http://localhost:4000', allowInsecureHttp: false }, /^web\.authorityUrl uses http: set web\.allowInsecureHttp to true \(localhost only\)/],
    [{ authorityUrl: 'http://auth.example.com' }, /^web\.allowInsecureHttp is only for a loopback authority; use https for "auth\.example\.com"/],
    [{ clientSecret: '' }, /^web\.clientSecret must be a non-empty string/],
    [{ sessionSecret: 'short' }, /^web\.sessionSecret must be at least 32 characters/],
    [{ signInScope: 'eventcatalog.read' }, /^web\.signInScope must include "openid"/],
    [{ apis: { eventcatalog: VALID.apis.eventcatalog } }, /^web\.apis\.shoppingbasket is missing/],
    [{ apis: { ...VALID.apis, eventcatalog: { resource: '', scope: 'x' } } }, /^web\.apis\.eventcatalog\.resource must be a non-empty string/],
    [{ requestTimeoutMs: 0 }, /^web\.requestTimeoutMs must be a positive whole number/],
  ])('refuses %j with a TypeError naming the option and the fix', (change, message) => {
    expect(() => checkWebConfig({ ...VALID, ...change } as WebConfig)).toThrow(TypeError);
    expect(() => checkWebConfig({ ...VALID, ...change } as WebConfig)).toThrow(message);
  });

  it('accepts https anywhere, with or without allowInsecureHttp', () => {
    expect(() => checkWebConfig({ ...VALID, authorityUrl: 'https://auth.example.com', allowInsecureHttp: false })).not.toThrow();
  });
});

describe('webConfigFromEnvironment', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'web-config-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('reads the topology, generates the secrets once and asks for least privilege', () => {
    const config = webConfigFromEnvironment({ BATON_DATA_DIR: dataDir, WEB_URL: 'http://localhost:3100', AUTHORITY_URL: 'http://127.0.0.1:4100' });
    expect(config).toMatchObject({
      webUrl: 'http://localhost:3100',
      authorityUrl: 'http://127.0.0.1:4100',
      clientId: 'web',
      signInScope: 'openid profile offline_access eventcatalog.read shoppingbasket.fullaccess',
      apis: {
        eventcatalog: { resource: 'urn:globoticket:eventcatalog', scope: 'eventcatalog.read' },
        shoppingbasket: { resource: 'urn:globoticket:shoppingbasket', scope: 'shoppingbasket.fullaccess' },
      },
      allowInsecureHttp: true,
    });
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(checkWebConfig(config)).toBe(config);
    const again = webConfigFromEnvironment({ BATON_DATA_DIR: dataDir });
    expect(again.clientSecret).toBe(config.clientSecret);
    expect(again.sessionSecret).toBe(config.sessionSecret);
  });

  it('takes the secrets from the environment when given, and allows http only for a loopback authority', () => {
    const config = webConfigFromEnvironment({ BATON_DATA_DIR: dataDir, WEB_CLIENT_SECRET: 'from-env-secret', AUTHORITY_URL: 'http://auth.internal:4000' });
    expect(config.clientSecret).toBe('from-env-secret');
    expect(config.allowInsecureHttp).toBe(false);
    expect(() => checkWebConfig(config)).toThrow(/^web\.authorityUrl uses http/);
  });
});
