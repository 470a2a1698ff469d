const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Where keys and metadata may come from: https, or plain http on a loopback host (local
 * development) or when `allowInsecureHttp` is set. Applied to configured URLs and to the
 * `jwks_uri` a discovery document names alike.
 */
export function isAllowedUrl(url: URL, allowInsecureHttp: boolean): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && (allowInsecureHttp || LOOPBACK.has(url.hostname));
}
