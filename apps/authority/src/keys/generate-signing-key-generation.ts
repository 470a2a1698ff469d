import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { PrivateSigningJwk, SigningKeyGeneration } from './signing-key-generation.js';

/** RFC 7638 thumbprint: SHA-256 over the required public members in lexicographic order. */
function thumbprint(jwk: Record<string, unknown>): string {
  const members = jwk.kty === 'RSA' ? ['e', 'kty', 'n'] : ['crv', 'kty', 'x', 'y'];
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, jwk[name]])));
  return createHash('sha256').update(canonical).digest('base64url');
}

function privateJwk(privateKey: KeyObject, alg: PrivateSigningJwk['alg']): PrivateSigningJwk {
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: thumbprint(jwk), alg, use: 'sig' };
}

/**
 * Creates a new generation of signing keys: RSA 2048 for RS256 and P-256 for ES256, each with
 * its RFC 7638 thumbprint as `kid`.
 *
 * @example
 * ```ts
 * const generation = generateSigningKeyGeneration();
 * generation.keys.map((key) => key.alg); // ['RS256', 'ES256']
 * ```
 */
export function generateSigningKeyGeneration(now: Date = new Date()): SigningKeyGeneration {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { createdAt: now.toISOString(), keys: [privateJwk(rsa.privateKey, 'RS256'), privateJwk(ec.privateKey, 'ES256')] };
}
