import { isAbsolute, join, resolve } from 'node:path';

/**
 * Where a service's data lives: an in-memory database (tests) or a PGlite data directory
 * (the demo; kept across restarts).
 */
export type DatabaseLocation = { readonly kind: 'memory' } | { readonly kind: 'directory'; readonly path: string };

/**
 * Reads a database URL: `memory://` (in-memory), `file:///abs/dir` or a plain path (a PGlite
 * data directory), or nothing (`<dataDir>/<service>`). A PostgreSQL server URL is refused
 * with what to do instead: the demo ships no server driver.
 *
 * @param variable the name of the environment variable the URL came from, for the error message.
 * @throws TypeError naming `variable` when the URL is not one of these.
 * @example
 * ```ts
 * databaseLocation(process.env.DISCOUNT_DATABASE_URL, '.data/discount', 'DISCOUNT_DATABASE_URL');
 * ```
 */
export function databaseLocation(url: string | undefined, defaultDirectory: string, variable: string): DatabaseLocation {
  if (url === undefined || url.trim() === '') return { kind: 'directory', path: resolve(defaultDirectory) };
  if (url === 'memory://') return { kind: 'memory' };
  if (/^postgres(ql)?:/i.test(url)) {
    throw new TypeError(
      `${variable}: a PostgreSQL server URL needs a server driver, which the demo does not ship. ` +
        'Implement SqlDatabase with the "pg" package (see apps/demo-kit/README.md), or use memory:// or a data directory.',
    );
  }
  if (url.startsWith('file://')) return { kind: 'directory', path: new URL(url).pathname };
  if (/^[a-z][a-z\d+.-]*:\/\//i.test(url)) {
    throw new TypeError(`${variable} must be memory://, file:///path/to/dir or a directory path, got a URL with another scheme.`);
  }
  return { kind: 'directory', path: isAbsolute(url) ? url : join(process.cwd(), url) };
}
