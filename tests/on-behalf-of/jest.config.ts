/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const preset = require('../../jest.preset.cjs') as Config;

// Each file starts the real authority in process and counts exchanges and timings:
// one file at a time, so a loaded machine does not turn the fault timings into noise.
const config: Config = { ...preset, displayName: 'on-behalf-of (real authority)', rootDir: __dirname, maxWorkers: 1, testTimeout: 60_000 };

export default config;
