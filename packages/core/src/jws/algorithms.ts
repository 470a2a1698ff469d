import { constants, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';

/**
 * The asymmetric JWS algorithms Baton verifies (RFC 7518 §3, RFC 8037, RFC 9864).
 * Symmetric (`HS*`) and `none` are not in this list and cannot be configured: a resource
 * server never holds a shared secret with the issuer, and allowing HMAC is what makes
 * algorithm confusion possible (P1, P2).
 */
export const SUPPORTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** One of {@link SUPPORTED_ALGORITHMS}. */
export type SupportedAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number];

/** How `node:crypto` verifies one algorithm, and which keys fit it. */
export interface AlgorithmProfile {
  readonly digest: 'sha256' | 'sha384' | 'sha512' | null;
  readonly keyType: 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448';
  /** Exact signature length in bytes where the algorithm fixes it (ECDSA r||s, Ed25519). */
  readonly signatureLength: number | undefined;
  readonly namedCurve: string | undefined;
  readonly verifyInput: (key: KeyObject) => KeyObject | VerifyKeyObjectInput;
}

const plain = (key: KeyObject): KeyObject => key;
const pss = (key: KeyObject): VerifyKeyObjectInput => ({
  key,
  padding: constants.RSA_PKCS1_PSS_PADDING,
  saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
});
const ieeeP1363 = (key: KeyObject): VerifyKeyObjectInput => ({ key, dsaEncoding: 'ieee-p1363' });

const rsa = (digest: 'sha256' | 'sha384' | 'sha512'): AlgorithmProfile => ({
  digest, keyType: 'rsa', signatureLength: undefined, namedCurve: undefined, verifyInput: plain,
});
const rsaPss = (digest: 'sha256' | 'sha384' | 'sha512'): AlgorithmProfile => ({
  digest, keyType: 'rsa', signatureLength: undefined, namedCurve: undefined, verifyInput: pss,
});
const ecdsa = (digest: 'sha256' | 'sha384' | 'sha512', namedCurve: string, signatureLength: number): AlgorithmProfile => ({
  digest, keyType: 'ec', signatureLength, namedCurve, verifyInput: ieeeP1363,
});

/** Verification profile of every supported algorithm. */
export const ALGORITHM_PROFILES: Readonly<Record<SupportedAlgorithm, AlgorithmProfile>> = {
  RS256: rsa('sha256'),
  RS384: rsa('sha384'),
  RS512: rsa('sha512'),
  PS256: rsaPss('sha256'),
  PS384: rsaPss('sha384'),
  PS512: rsaPss('sha512'),
  ES256: ecdsa('sha256', 'prime256v1', 64),
  ES384: ecdsa('sha384', 'secp384r1', 96),
  ES512: ecdsa('sha512', 'secp521r1', 132),
  EdDSA: { digest: null, keyType: 'ed25519', signatureLength: 64, namedCurve: undefined, verifyInput: plain },
  Ed25519: { digest: null, keyType: 'ed25519', signatureLength: 64, namedCurve: undefined, verifyInput: plain },
};

/** Smallest RSA modulus accepted, in bits (RFC 7518 §3.3, P9). */
export const MIN_RSA_MODULUS_BITS = 2048;

/** True when `alg` is a supported algorithm name (exact, case-sensitive spelling). */
export function isSupportedAlgorithm(alg: unknown): alg is SupportedAlgorithm {
  return typeof alg === 'string' && Object.hasOwn(ALGORITHM_PROFILES, alg);
}
