/** @jest-config-loader esbuild-register */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from 'jest';

/** Every `packages/*` and `apps/*` folder that has a `jest.config.ts`. */
function projects(): string[] {
  const standalone = ['security', 'tests/demo', 'tests/on-behalf-of'].map((name) => join(__dirname, name, 'jest.config.ts')).filter((file) => existsSync(file));
  return ['packages', 'apps'].flatMap((group) => {
    const dir = join(__dirname, group);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .map((name) => join(dir, name, 'jest.config.ts'))
      .filter((file) => existsSync(file));
  }).concat(standalone);
}

/** Runs every project's tests from the root: `npx jest` (CI uses `npm test`, through Nx). */
const config: Config = { projects: projects() };

export default config;
