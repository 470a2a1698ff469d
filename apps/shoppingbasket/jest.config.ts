/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const preset = require('../../jest.preset.cjs') as Config;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const forDemoService = require('../demo-kit/jest.demo-service.cjs') as (config: Config) => Config;

const config: Config = forDemoService({ ...preset, displayName: '@baton-demo/shoppingbasket', rootDir: __dirname });

export default config;
