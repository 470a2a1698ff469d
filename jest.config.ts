/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

/** Runs every project's tests from the root: `npx jest` (CI uses `npm test`, through Nx). */
const config: Config = {
  projects: ['<rootDir>/packages/*/jest.config.ts', '<rootDir>/apps/*/jest.config.ts'],
};

export default config;
