import { demoServiceConfig } from './demo-service-config.js';
import { testServiceConfig } from './test-service-config.js';

describe('demoServiceConfig', () => {
  it('gives each service its audience, port and own data directory, with localhost defaults', () => {
    expect(demoServiceConfig('discount', {}, '/repo')).toEqual({
      service: 'discount',
      audience: 'discount',
      issuer: 'http://localhost:4000',
      authorityUrl: 'http://localhost:4000',
      baseUrl: 'http://localhost:4003',
      port: 4003,
      host: undefined,
      dataDir: '/repo/.data',
      database: { kind: 'directory', path: '/repo/.data/discount' },
      urls: { authority: 'http://localhost:4000', eventcatalog: 'http://localhost:4001', shoppingbasket: 'http://localhost:4002', discount: 'http://localhost:4003' },
    });
    expect(demoServiceConfig('eventcatalog', {}, '/repo').port).toBe(4001);
    expect(demoServiceConfig('shoppingbasket', {}, '/repo').port).toBe(4002);
  });

  it('takes URLs, host, data folder and a per-service database from the environment', () => {
    const config = demoServiceConfig(
      'shoppingbasket',
      { SHOPPINGBASKET_URL: 'http://127.0.0.1:9002', AUTHORITY_URL: 'http://127.0.0.1:9000', HOST: '127.0.0.1', BATON_DATA_DIR: '/tmp/demo', SHOPPINGBASKET_DATABASE_URL: 'memory://', DISCOUNT_DATABASE_URL: '/elsewhere' },
      '/repo',
    );
    expect(config).toMatchObject({ port: 9002, host: '127.0.0.1', issuer: 'http://127.0.0.1:9000', dataDir: '/tmp/demo', database: { kind: 'memory' } });
  });

  it('names the variable of a bad database URL', () => {
    expect(() => demoServiceConfig('eventcatalog', { EVENTCATALOG_DATABASE_URL: 'postgres://db/events' }, '/repo')).toThrow(/^EVENTCATALOG_DATABASE_URL: a PostgreSQL server URL/);
  });

  it('testServiceConfig: in memory, port 0 on 127.0.0.1, the given issuer', () => {
    expect(testServiceConfig('discount', 'http://127.0.0.1:5555')).toMatchObject({ issuer: 'http://127.0.0.1:5555', port: 0, host: '127.0.0.1', database: { kind: 'memory' }, audience: 'discount' });
  });
});
