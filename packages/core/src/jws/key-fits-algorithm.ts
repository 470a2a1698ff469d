import type { KeyObject } from 'node:crypto';
import { ALGORITHM_PROFILES, MIN_RSA_MODULUS_BITS, type SupportedAlgorithm } from './algorithms.js';

/**
 * True when `key` may verify signatures of `alg`: a public key of the algorithm's type and
 * curve, and an RSA modulus of at least 2048 bits (P3, P9).
 */
export function keyFitsAlgorithm(key: KeyObject, alg: SupportedAlgorithm): boolean {
  if (key.type !== 'public') return false;
  const profile = ALGORITHM_PROFILES[alg];
  const type = key.asymmetricKeyType;
  if (profile.keyType === 'rsa') {
    if (type !== 'rsa' && type !== 'rsa-pss') return false;
    return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= MIN_RSA_MODULUS_BITS;
  }
  if (profile.keyType === 'ec') {
    return type === 'ec' && key.asymmetricKeyDetails?.namedCurve === profile.namedCurve;
  }
  // EdDSA (RFC 8037) also names Ed448; Baton's profile knows Ed25519 only.
  return type === 'ed25519';
}
