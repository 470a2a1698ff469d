import { createSecretKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { SUPPORTED_ALGORITHMS, type SupportedAlgorithm } from './algorithms.js';
import { keyFitsAlgorithm } from './key-fits-algorithm.js';

const rsa = (modulusLength: number): KeyObject => generateKeyPairSync('rsa', { modulusLength }).publicKey;
const ec = (namedCurve: string): KeyObject => generateKeyPairSync('ec', { namedCurve }).publicKey;

describe('keyFitsAlgorithm', () => {
  const keys = {
    rsa2048: rsa(2048),
    rsa3072: rsa(3072),
    rsa1024: rsa(1024),
    rsa2047: rsa(2047),
    p256: ec('P-256'),
    p384: ec('P-384'),
    p521: ec('P-521'),
    secp256k1: ec('secp256k1'),
    ed25519: generateKeyPairSync('ed25519').publicKey,
    ed448: generateKeyPairSync('ed448').publicKey,
    x25519: generateKeyPairSync('x25519').publicKey,
  };
  type KeyName = keyof typeof keys;

  /** Which supported algorithms each key may verify; every other pairing must be refused. */
  const fits: Record<KeyName, readonly SupportedAlgorithm[]> = {
    rsa2048: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
    rsa3072: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
    rsa1024: [],
    rsa2047: [],
    p256: ['ES256'],
    p384: ['ES384'],
    p521: ['ES512'],
    secp256k1: [],
    ed25519: ['EdDSA', 'Ed25519'],
    ed448: [],
    x25519: [],
  };

  const pairs = (Object.keys(keys) as KeyName[]).flatMap((name) =>
    SUPPORTED_ALGORITHMS.map((alg) => [name, alg, fits[name].includes(alg)] as const),
  );

  it.each(pairs.filter(([name]) => !['rsa1024', 'rsa2047'].includes(name)))('P3: %s with %s → %s', (name, alg, expected) => {
    expect(keyFitsAlgorithm(keys[name], alg)).toBe(expected);
  });

  it.each(pairs.filter(([name]) => ['rsa1024', 'rsa2047'].includes(name)))('P9: %s with %s → %s (RSA below 2048 bits)', (name, alg, expected) => {
    expect(keyFitsAlgorithm(keys[name], alg)).toBe(expected);
  });

  it.each<[string, KeyObject, SupportedAlgorithm]>([
    ['an RSA private key', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'RS256'],
    ['an EC private key', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ES256'],
    ['an Ed25519 private key', generateKeyPairSync('ed25519').privateKey, 'EdDSA'],
  ])('P9: never uses %s to verify', (_name, key, alg) => {
    expect(keyFitsAlgorithm(key, alg)).toBe(false);
  });

  it.each(SUPPORTED_ALGORITHMS)('P2: never uses a secret (HMAC) key for %s', (alg) => {
    expect(keyFitsAlgorithm(createSecretKey(randomBytes(32)), alg)).toBe(false);
  });
});
