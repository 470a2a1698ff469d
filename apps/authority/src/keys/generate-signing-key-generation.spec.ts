import { createPublicKey, createHash } from 'node:crypto';
import { generateSigningKeyGeneration } from './generate-signing-key-generation.js';

describe('generateSigningKeyGeneration', () => {
  it('creates an RSA 2048 RS256 key and a P-256 ES256 key, each with its RFC 7638 thumbprint as kid', () => {
    const generation = generateSigningKeyGeneration(new Date('2026-01-02T03:04:05Z'));
    expect(generation.createdAt).toBe('2026-01-02T03:04:05.000Z');
    const [rsa, ec] = generation.keys;
    expect(rsa).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(ec).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(createPublicKey({ key: rsa!, format: 'jwk' }).asymmetricKeyDetails?.modulusLength).toBe(2048);
    const expected = createHash('sha256').update(JSON.stringify({ crv: ec!.crv, kty: 'EC', x: ec!.x, y: ec!.y })).digest('base64url');
    expect(ec!.kid).toBe(expected);
    expect(generateSigningKeyGeneration().keys[0]!.kid).not.toBe(rsa!.kid);
  });
});
