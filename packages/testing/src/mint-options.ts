import type { TestKey, TestKeyAlgorithm } from './test-key.js';

/**
 * How a token is signed. `key` (default) signs with the issuer's current key for `alg`;
 * the others forge the token shapes a resource server must refuse.
 */
export type MintSignature =
  | 'key'
  /** No signature at all: `header.payload.` (pair with `header: { alg: 'none' }`, P1). */
  | 'none'
  /** HMAC with a secret, e.g. the issuer's public key PEM (algorithm confusion, P2). */
  | { hmacSecret: string | Buffer; alg?: 'HS256' | 'HS384' | 'HS512' }
  /** Raw signature bytes you choose (malformed ECDSA, truncated…, P6). */
  | { raw: Buffer };

/** Options of {@link TestIssuer.mint}. */
export interface MintOptions {
  /** Algorithm (and so key) to sign with. Default: the issuer's first algorithm. */
  alg?: TestKeyAlgorithm;
  /** Sign with this key instead of the issuer's (e.g. a key the JWKS does not publish). */
  key?: TestKey;
  /** Header members to add or override; `undefined` removes one (e.g. `{ typ: undefined }`). */
  header?: Record<string, unknown>;
  /** Lifetime in seconds from now, for the default `exp`. Default 300. */
  expiresIn?: number;
  /** How to sign; see {@link MintSignature}. */
  signature?: MintSignature;
}
