/**
 * Shared Jest settings for every package and app.
 *
 * Jest 30 on Node 20 cannot load ES modules from CommonJS tests, and NestJS 12, jose 6,
 * oidc-provider 9 and openid-client 6 ship as ES modules only. @swc/jest transforms our
 * TypeScript and those packages to CommonJS (see TOOLCHAIN.md, pitfall 4); decorators and
 * their metadata stay on so Nest's dependency injection works (pitfall 5).
 */
const path = require('node:path');

const esmOnlyPackages = [
  '@nestjs',
  'jose',
  'oidc-provider',
  'openid-client',
  'oauth4webapi',
  'lru-cache',
  'uid',
  'nanoid',
  'quick-lru',
  'eta',
  'jsesc',
  'got',
  'koa',
  '@koa',
  'fast-check',
  'pure-rand',
  'cockatiel',
  'undici',
  'file-type',
  'strtok3',
  'token-types',
  'uint8array-extras',
  '@tokenizer',
  'load-esm',
  'playwright-core',
  '@electric-sql',
];

const swcOptions = {
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
  module: { type: 'commonjs', ignoreDynamic: false },
  sourceMaps: 'inline',
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swcOptions] },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnlyPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@baton/([a-z-]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
    '^@baton-demo/kit$': path.join(__dirname, 'apps/demo-kit/src/index.ts'),
    '^@baton-demo/([a-z-]+)$': path.join(__dirname, 'apps/$1/src/index.ts'),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  setupFiles: ['reflect-metadata'],
  setupFilesAfterEnv: [path.join(__dirname, 'jest.leak-audit.ts')],
  // Two cores run several projects at once in CI: 5 s is too tight for e2e tests that boot apps.
  testTimeout: 30_000,
  // The failure digest writes nothing unless BATON_TEST_FAILURES is set (.ci/run sets it).
  reporters: ['default', path.join(__dirname, 'scripts/jest-failure-digest.cjs')],
  clearMocks: true,
  restoreMocks: true,
};
