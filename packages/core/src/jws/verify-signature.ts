import { verify, type KeyObject } from 'node:crypto';
import { ALGORITHM_PROFILES, type SupportedAlgorithm } from './algorithms.js';

/**
 * Checks a JWS signature with `node:crypto` and a key already parsed into a `KeyObject`.
 *
 * Why not jose's `jwtVerify` here: jose 6 verifies through WebCrypto, which on Node costs
 * about a third more per RS256 token than `crypto.verify` with a pre-parsed `KeyObject`
 * (see docs/benchmarks.md). jose still does the JWKS work: fetching, key selection and
 * JWK import. The key has already been checked to fit `alg` (type, curve, size).
 */
export function verifySignature(alg: SupportedAlgorithm, key: KeyObject, signingInput: string, signature: Buffer): boolean {
  const profile = ALGORITHM_PROFILES[alg];
  if (profile.signatureLength !== undefined && signature.length !== profile.signatureLength) return false;
  try {
    return verify(profile.digest, Buffer.from(signingInput, 'latin1'), profile.verifyInput(key), signature);
  } catch {
    // OpenSSL refuses some malformed signatures by throwing rather than returning false.
    return false;
  }
}
