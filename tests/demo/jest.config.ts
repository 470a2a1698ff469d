/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const preset = require('../../jest.preset.cjs') as Config;

// Each file starts the whole demo (five processes): one file at a time, generous timeouts.
const config: Config = {
  ...preset,
  displayName: 'demo (full stack)',
  rootDir: __dirname,
  testMatch: ['<rootDir>/*.spec.ts'],
  maxWorkers: 1,
  testTimeout: 120_000,
  // The preset maps @baton-demo/<name> to apps/<name>, but the kit lives in apps/demo-kit.
  moduleNameMapper: { '^@baton-demo/kit$': `${__dirname}/../../apps/demo-kit/src/index.ts`, ...preset.moduleNameMapper },
};

export default config;
