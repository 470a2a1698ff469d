import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { SupportedAlgorithm } from './algorithms.js';
import { verifySignature } from './verify-signature.js';

const INPUT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ';
const data = Buffer.from(INPUT);

const rsaPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' });
const ed25519 = generateKeyPairSync('ed25519');

const pss = (digest: string, privateKey: KeyObject): Buffer =>
  sign(digest, data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST });
const ecdsa = (digest: string, privateKey: KeyObject): Buffer => sign(digest, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });

/** Genuine signatures of INPUT for every supported algorithm. */
const genuine: ReadonlyArray<readonly [SupportedAlgorithm, KeyObject, Buffer]> = [
  ['RS256', rsaPair.publicKey, sign('sha256', data, rsaPair.privateKey)],
  ['RS384', rsaPair.publicKey, sign('sha384', data, rsaPair.privateKey)],
  ['RS512', rsaPair.publicKey, sign('sha512', data, rsaPair.privateKey)],
  ['PS256', rsaPair.publicKey, pss('sha256', rsaPair.privateKey)],
  ['PS384', rsaPair.publicKey, pss('sha384', rsaPair.privateKey)],
  ['PS512', rsaPair.publicKey, pss('sha512', rsaPair.privateKey)],
  ['ES256', p256.publicKey, ecdsa('sha256', p256.privateKey)],
  ['ES384', p384.publicKey, ecdsa('sha384', p384.privateKey)],
  ['ES512', p521.publicKey, ecdsa('sha512', p521.privateKey)],
  ['EdDSA', ed25519.publicKey, sign(null, data, ed25519.privateKey)],
  ['Ed25519', ed25519.publicKey, sign(null, data, ed25519.privateKey)],
];

describe('verifySignature', () => {
  it.each(genuine)('P6: accepts a genuine %s signature', (alg, key, signature) => {
    expect(verifySignature(alg, key, INPUT, signature)).toBe(true);
  });

  it.each(genuine)('P6: refuses a %s signature over other bytes', (alg, key, signature) => {
    expect(verifySignature(alg, key, `${INPUT}x`, signature)).toBe(false);
  });

  it.each(genuine)('P6: refuses a %s signature with its last byte changed', (alg, key, signature) => {
    const changed = Buffer.from(signature);
    changed[changed.length - 1] = changed[changed.length - 1]! ^ 0x01;

    expect(verifySignature(alg, key, INPUT, changed)).toBe(false);
  });

  it.each(genuine)('P6: refuses a %s signature cut by one byte', (alg, key, signature) => {
    expect(verifySignature(alg, key, INPUT, signature.subarray(0, -1))).toBe(false);
  });

  it.each(genuine)('P6: refuses an empty %s signature without throwing', (alg, key) => {
    expect(verifySignature(alg, key, INPUT, Buffer.alloc(0))).toBe(false);
  });

  it.each<[SupportedAlgorithm, string, KeyObject]>([
    ['ES256', 'sha256', p256.privateKey],
    ['ES384', 'sha384', p384.privateKey],
    ['ES512', 'sha512', p521.privateKey],
  ])('P6: refuses a DER-encoded %s signature (JWS wants r||s)', (alg, digest, privateKey) => {
    const der = sign(digest, data, { key: privateKey, dsaEncoding: 'der' });
    const publicKey = { ES256: p256, ES384: p384, ES512: p521 }[alg as 'ES256' | 'ES384' | 'ES512'].publicKey;

    expect(verifySignature(alg, publicKey, INPUT, der)).toBe(false);
  });

  it.each<[string, SupportedAlgorithm, KeyObject, Buffer]>([
    ['ES256 r = s = 0', 'ES256', p256.publicKey, Buffer.alloc(64)],
    ['ES256 r, s all ones', 'ES256', p256.publicKey, Buffer.alloc(64, 0xff)],
    ['RS256 all zero', 'RS256', rsaPair.publicKey, Buffer.alloc(256)],
    ['RS256 above the modulus', 'RS256', rsaPair.publicKey, Buffer.alloc(256, 0xff)],
    ['RS256 one byte too long', 'RS256', rsaPair.publicKey, Buffer.alloc(257, 1)],
    ['EdDSA all zero', 'EdDSA', ed25519.publicKey, Buffer.alloc(64)],
  ])('P6: refuses a forged signature (%s) without throwing', (_name, alg, key, signature) => {
    expect(verifySignature(alg, key, INPUT, signature)).toBe(false);
  });

  it('P6: RSA padding is part of the algorithm: PS256 does not accept an RS256 signature, nor the reverse', () => {
    const pkcs1 = sign('sha256', data, rsaPair.privateKey);

    expect(verifySignature('PS256', rsaPair.publicKey, INPUT, pkcs1)).toBe(false);
    expect(verifySignature('RS256', rsaPair.publicKey, INPUT, pss('sha256', rsaPair.privateKey))).toBe(false);
  });

  it('P6: the digest is part of the algorithm: RS384 does not accept an RS256 signature', () => {
    expect(verifySignature('RS384', rsaPair.publicKey, INPUT, sign('sha256', data, rsaPair.privateKey))).toBe(false);
  });
});
