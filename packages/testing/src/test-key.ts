import { constants, createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject, type JsonWebKey } from 'node:crypto';

/** Algorithms a {@link TestKey} can sign with. */
export type TestKeyAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA';

/** A signing key pair for tests, with its public JWK as a JWKS would publish it. */
export interface TestKey {
  readonly kid: string;
  readonly alg: TestKeyAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Public JWK with `kid`, `alg` and `use: "sig"`. */
  readonly publicJwk: JsonWebKey & { kid: string; alg: string; use?: string };
}

/** Options of {@link createTestKey}. */
export interface CreateTestKeyOptions {
  /** Key id; a random UUID by default. */
  kid?: string;
  /** RSA modulus length in bits (default 2048); lower it to test weak-key refusal (P9). */
  modulusLength?: number;
  /** Override or remove (`undefined`) members of the published JWK, e.g. `{ use: 'enc' }`. */
  jwk?: Record<string, unknown>;
}

/**
 * Generates a fresh key pair for `alg`.
 *
 * @example
 * ```ts
 * const key = createTestKey('ES256');
 * ```
 */
export function createTestKey(alg: TestKeyAlgorithm, options: CreateTestKeyOptions = {}): TestKey {
  const { privateKey, publicKey } = generatePair(alg, options.modulusLength ?? 2048);
  const kid = options.kid ?? randomUUID();
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig', ...options.jwk } as TestKey['publicJwk'];
  for (const [name, value] of Object.entries(publicJwk)) if (value === undefined) delete (publicJwk as Record<string, unknown>)[name];
  return Object.freeze({ kid, alg, privateKey, publicKey, publicJwk: Object.freeze(publicJwk) });
}

function generatePair(alg: TestKeyAlgorithm, modulusLength: number): { privateKey: KeyObject; publicKey: KeyObject } {
  switch (alg) {
    case 'RS256':
    case 'RS384':
    case 'RS512':
    case 'PS256':
      return generateKeyPairSync('rsa', { modulusLength });
    case 'ES256':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' });
    case 'ES384':
      return generateKeyPairSync('ec', { namedCurve: 'P-384' });
    case 'ES512':
      return generateKeyPairSync('ec', { namedCurve: 'P-521' });
    case 'EdDSA':
      return generateKeyPairSync('ed25519');
  }
}

const DIGEST: Record<TestKeyAlgorithm, string | null> = {
  RS256: 'sha256', RS384: 'sha384', RS512: 'sha512', PS256: 'sha256',
  ES256: 'sha256', ES384: 'sha384', ES512: 'sha512', EdDSA: null,
};

/** Signs `signingInput` the way JWS `alg` asks (ECDSA as r||s, RFC 7518 §3.4). */
export function signWithKey(key: TestKey, alg: TestKeyAlgorithm, signingInput: string): Buffer {
  const data = Buffer.from(signingInput);
  if (alg === 'PS256') {
    return sign('sha256', data, { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  }
  if (alg.startsWith('ES')) return sign(DIGEST[alg], data, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return sign(DIGEST[alg], data, key.privateKey);
}

/** HMAC signature, for forging algorithm-confusion tokens (P2). */
export function signWithHmac(secret: string | Buffer, alg: 'HS256' | 'HS384' | 'HS512', signingInput: string): Buffer {
  return createHmac(`sha${alg.slice(2)}`, secret).update(signingInput).digest();
}
