import { createPrivateKey, KeyObject, webcrypto, type JsonWebKey } from 'node:crypto';
import type { ClientAssertionAlgorithm } from './delegated-token-source-options.js';

/** A `private_key_jwt` key, checked at start-up, ready to import: a private JWK and its algorithm, or a CryptoKey. */
export type PreparedClientKey =
  | { readonly kind: 'jwk'; readonly jwk: JsonWebKey; readonly alg: ClientAssertionAlgorithm; readonly kid: string | undefined }
  | { readonly kind: 'crypto-key'; readonly key: webcrypto.CryptoKey; readonly kid: string | undefined };

const CURVE_ALGORITHMS: Readonly<Record<string, ClientAssertionAlgorithm>> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' };
const FIX = 'a private KeyObject, a private CryptoKey, a private JWK (with "d") or a PKCS#8 PEM string';

/**
 * Checks `client.privateKey` (a `TypeError` naming it when it is not a usable private key) and
 * turns it into a private JWK plus the assertion algorithm: the configured one, else the JWK's
 * `alg`, else the one the key type implies (RS256, ES256/384/512 by curve, EdDSA).
 */
export function prepareClientKey(privateKey: unknown, algorithm: ClientAssertionAlgorithm | undefined, keyId: string | undefined): PreparedClientKey {
  if (isCryptoKey(privateKey)) {
    if (privateKey.type !== 'private') throw new TypeError(`\`client.privateKey\` must be ${FIX}; this CryptoKey is ${privateKey.type}.`);
    return { kind: 'crypto-key', key: privateKey, kid: keyId };
  }
  let keyObject: KeyObject;
  let jwkIn: JsonWebKey | undefined;
  if (privateKey instanceof KeyObject) {
    keyObject = privateKey;
  } else if (typeof privateKey === 'string') {
    if (!privateKey.includes('-----BEGIN PRIVATE KEY-----')) throw new TypeError(`\`client.privateKey\` must be ${FIX}; this string is not a PKCS#8 PEM.`);
    keyObject = parse(() => createPrivateKey(privateKey));
  } else if (privateKey !== null && typeof privateKey === 'object' && typeof (privateKey as JsonWebKey).kty === 'string') {
    jwkIn = privateKey as JsonWebKey;
    if (typeof jwkIn.d !== 'string') throw new TypeError(`\`client.privateKey\` must be ${FIX}; this JWK has no "d" (it is a public key).`);
    const jwk = jwkIn;
    keyObject = parse(() => createPrivateKey({ key: jwk, format: 'jwk' }));
  } else {
    throw new TypeError(`\`client.privateKey\` must be ${FIX}.`);
  }
  if (keyObject.type !== 'private') throw new TypeError(`\`client.privateKey\` must be ${FIX}; this key is ${keyObject.type}.`);
  const alg = algorithm ?? (typeof jwkIn?.alg === 'string' ? (jwkIn.alg as ClientAssertionAlgorithm) : defaultAlgorithm(keyObject));
  const kid = keyId ?? (typeof jwkIn?.kid === 'string' ? jwkIn.kid : undefined);
  return { kind: 'jwk', jwk: parse(() => keyObject.export({ format: 'jwk' })), alg, kid };
}

/** WebCrypto's CryptoKey is a global in Node 20 (`crypto.webcrypto.CryptoKey` is not). */
function isCryptoKey(value: unknown): value is webcrypto.CryptoKey {
  const CryptoKeyClass = (globalThis as { CryptoKey?: abstract new () => webcrypto.CryptoKey }).CryptoKey;
  return CryptoKeyClass !== undefined && value instanceof CryptoKeyClass;
}

function parse<T>(read: () => T): T {
  try {
    return read();
  } catch {
    // The parser's message may quote key material: say only what to fix.
    throw new TypeError(`\`client.privateKey\` could not be read; it must be ${FIX}.`);
  }
}

function defaultAlgorithm(key: KeyObject): ClientAssertionAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  const alg = key.asymmetricKeyType === 'ec' ? CURVE_ALGORITHMS[key.asymmetricKeyDetails?.namedCurve ?? ''] : undefined;
  if (alg !== undefined) return alg;
  throw new TypeError(`\`client.privateKey\` is a ${key.asymmetricKeyType ?? 'unknown'} key; private_key_jwt here signs with RSA, EC P-256/384/521 or Ed25519 keys.`);
}
