import { isAllowedUrl } from './is-allowed-url.js';

/**
 * Finds an issuer's `jwks_uri` from its metadata: OpenID Connect Discovery 1.0 first
 * (`{issuer}/.well-known/openid-configuration`), then RFC 8414
 * (`{origin}/.well-known/oauth-authorization-server{path}`). The metadata's `issuer` must
 * equal the configured issuer exactly (RFC 8414 §3.3), and `jwks_uri` must be https (or
 * loopback http), or the document is refused.
 *
 * @throws Error (never a BatonError): the caller turns it into "temporarily unavailable".
 */
export async function discoverJwksUri(issuer: string, timeout: number, allowInsecureHttp = false): Promise<URL> {
  const url = new URL(issuer);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  const candidates = [
    new URL(`${url.origin}${path}/.well-known/openid-configuration`),
    new URL(`${url.origin}/.well-known/oauth-authorization-server${path}`),
  ];
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      return await readJwksUri(candidate, issuer, timeout, allowInsecureHttp);
    } catch (error) {
      lastError = error;
    }
  }
  throw new Error(`Discovery failed for issuer ${issuer}`, { cause: lastError });
}

async function readJwksUri(metadataUrl: URL, issuer: string, timeout: number, allowInsecureHttp: boolean): Promise<URL> {
  const response = await fetch(metadataUrl, {
    headers: { accept: 'application/json' },
    redirect: 'manual',
    signal: AbortSignal.timeout(timeout),
  });
  if (response.status !== 200) throw new Error(`${metadataUrl.href} answered ${response.status}`);
  const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown } | null;
  if (metadata?.issuer !== issuer) throw new Error(`${metadataUrl.href} names another issuer`);
  if (typeof metadata.jwks_uri !== 'string') throw new Error(`${metadataUrl.href} has no jwks_uri`);
  const jwksUri = new URL(metadata.jwks_uri);
  if (!isAllowedUrl(jwksUri, allowInsecureHttp)) throw new Error(`${metadataUrl.href} names a jwks_uri that is not https`);
  return jwksUri;
}
