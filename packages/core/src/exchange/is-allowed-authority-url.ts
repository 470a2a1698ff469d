/** Hosts on which plain http may be allowed (local development). */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where the authority may be reached: https; plain http only on a loopback host and only with
 * `allowInsecureHttp` (openid-client refuses http otherwise, TOOLCHAIN pitfall 10). Applied to
 * the configured URLs and to the token endpoint that discovery names.
 */
export function isAllowedAuthorityUrl(url: URL, allowInsecureHttp: boolean): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && allowInsecureHttp && LOOPBACK_HOSTS.has(url.hostname);
}
