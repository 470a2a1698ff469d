/**
 * `candidate` if it is a path on this site (`/…`, not `//host` nor `/\host`), otherwise `/`:
 * where the storefront may send someone back to after signing in.
 *
 * @example
 * ```ts
 * localPath('/basket'); // '/basket'
 * localPath('https://evil.example/'); // '/'
 * ```
 */
export function localPath(candidate: unknown): string {
  if (typeof candidate !== 'string' || !candidate.startsWith('/')) return '/';
  if (candidate.startsWith('//') || candidate.startsWith('/\\') || /[\r\n\t]/.test(candidate)) return '/';
  return candidate.length > 512 ? '/' : candidate;
}
