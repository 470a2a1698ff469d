/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const preset = require('../jest.preset.cjs') as Config;

// The figures run one scenario at a time: they measure counts and timings under load.
const config: Config = { ...preset, displayName: 'security', rootDir: __dirname, maxWorkers: 1, testTimeout: 180_000 };

export default config;
