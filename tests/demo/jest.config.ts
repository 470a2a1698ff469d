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
};

export default config;
