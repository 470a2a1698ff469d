/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const preset = require('../../jest.preset.cjs') as Config;

const config: Config = {
  ...preset,
  displayName: '@baton-demo/web',
  rootDir: __dirname,
  // The preset maps @baton-demo/<name> to apps/<name>, but the kit lives in apps/demo-kit.
  moduleNameMapper: { '^@baton-demo/kit$': `${__dirname}/../demo-kit/src/index.ts`, ...preset.moduleNameMapper },
};

export default config;
