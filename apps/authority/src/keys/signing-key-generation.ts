import type { JsonWebKey } from 'node:crypto';

/** A private signing key as a JWK, with the members oidc-provider needs. */
export interface PrivateSigningJwk extends JsonWebKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly use: 'sig';
}

/**
 * One generation of signing keys: an RS256 and an ES256 key created together. The newest
 * generation signs; older ones stay published in the JWKS so that tokens they signed keep
 * verifying until they expire (rotation with overlap).
 */
export interface SigningKeyGeneration {
  /** When the generation was created (ISO 8601). */
  readonly createdAt: string;
  /** The generation's private keys, RS256 first. */
  readonly keys: readonly PrivateSigningJwk[];
}

/** The content of `signing-keys.json`: generations, newest first. */
export interface SigningKeysFile {
  readonly generations: readonly SigningKeyGeneration[];
}
