/**
 * Jest settings for the projects that run PGlite (the demo services and this kit), on top of
 * `jest.preset.cjs`.
 *
 * PGlite's CommonJS build loads Node built-ins and its WebAssembly glue with dynamic
 * `import()`, which Jest runs only under `--experimental-vm-modules`. @swc/jest rewrites those
 * calls to `require()`, as it does for the ESM-only packages of the preset (which lists
 * `@electric-sql` so that Jest does not skip it); only the `.cjs` pattern is missing there.
 *
 * @param {import('jest').Config} config
 * @returns {import('jest').Config}
 */
module.exports = function forDemoService(config) {
  return {
    ...config,
    transform: {
      ...config.transform,
      '^.+/@electric-sql/pglite/.+\\.cjs$': [
        '@swc/jest',
        { jsc: { target: 'es2023', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs', ignoreDynamic: false } },
      ],
    },
  };
};
