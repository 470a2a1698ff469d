/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const preset = require('../../jest.preset.cjs') as Config;

const config: Config = { ...preset, displayName: '@baton-demo/web', rootDir: __dirname };

export default config;
