import type { AuthModuleOptions } from '@baton/nest';
import { demoServiceConfig, type DemoServiceConfig, type DemoServiceName } from './demo-service-config.js';

/**
 * A demo service's configuration for a test: an in-memory database, port 0 on 127.0.0.1, and
 * the given issuer (e.g. a `TestIssuer`'s) instead of the demo authority.
 *
 * @example
 * ```ts
 * const issuer = await TestIssuer.start({ audience: 'discount' });
 * const app = await startDemoService(discountModule(testServiceConfig('discount', issuer.issuer)));
 * ```
 */
export function testServiceConfig(service: DemoServiceName, issuer: AuthModuleOptions['issuer'], overrides: Partial<DemoServiceConfig> = {}): DemoServiceConfig {
  return {
    ...demoServiceConfig(service, {}, '/nonexistent'),
    issuer,
    port: 0,
    host: '127.0.0.1',
    database: { kind: 'memory' },
    ...overrides,
  };
}
