/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const preset = require('../../jest.preset.cjs') as Config;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const withPglite = require('./jest.pglite.cjs') as (config: Config) => Config;

const config: Config = withPglite({ ...preset, displayName: '@baton-demo/kit', rootDir: __dirname });

export default config;
