/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const preset = require('../../jest.preset.cjs') as Config;

// The preset maps @baton-demo/kit to apps/demo-kit (ahead of its @baton-demo/<name> rule).
const config: Config = { ...preset, displayName: '@baton-demo/authority', rootDir: __dirname };

export default config;
