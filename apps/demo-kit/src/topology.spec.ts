import { DEMO_SECRETS, demoTopology, portOf } from './topology.js';

describe('demoTopology', () => {
  it('uses localhost defaults and the repository .data folder', () => {
    const topology = demoTopology({}, '/repo');
    expect(topology).toEqual({
      authorityUrl: 'http://localhost:4000',
      partnerAuthorityUrl: 'http://localhost:4010',
      eventcatalogUrl: 'http://localhost:4001',
      shoppingbasketUrl: 'http://localhost:4002',
      discountUrl: 'http://localhost:4003',
      webUrl: 'http://localhost:3000',
      dataDir: '/repo/.data',
    });
  });

  it('takes overrides from the environment and trims trailing slashes', () => {
    const topology = demoTopology({ DISCOUNT_URL: 'http://127.0.0.1:9003/', BATON_DATA_DIR: '/tmp/demo' }, '/repo');
    expect(topology.discountUrl).toBe('http://127.0.0.1:9003');
    expect(topology.dataDir).toBe('/tmp/demo');
  });

  it.each(['not a url', 'ftp://localhost:21'])('refuses %s with a sentence naming the variable', (value) => {
    expect(() => demoTopology({ AUTHORITY_URL: value }, '/repo')).toThrow(/^AUTHORITY_URL must be an/);
  });

  it('reads ports, explicit or implied', () => {
    expect(portOf('http://localhost:4003')).toBe(4003);
    expect(portOf('https://example.com')).toBe(443);
    expect(portOf('http://example.com')).toBe(80);
  });
});

describe('DEMO_SECRETS', () => {
  it('names every generated secret of the demo once, the partner scenario clients included', () => {
    expect(Object.values(DEMO_SECRETS).sort()).toEqual([
      'authority-cookie-key',
      'machine-client-secret',
      'partner-cookie-key',
      'partner-gateway-client-secret',
      'partner-portal-client-secret',
      'shoppingbasket-client-secret',
      'web-client-secret',
      'web-session-secret',
    ]);
  });
});
