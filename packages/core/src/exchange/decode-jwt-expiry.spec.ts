import { encodeSegment } from '@baton/testing';
import { decodeJwtExpiry } from './decode-jwt-expiry.js';

function jwt(payload: unknown): string {
  return `${encodeSegment({ alg: 'ES256' })}.${encodeSegment(payload)}.c2ln`;
}

describe('decodeJwtExpiry', () => {
  it('O2: reads a numeric exp without verifying the signature', () => {
    expect(decodeJwtExpiry(jwt({ exp: 1767225600, sub: 'alice' }))).toBe(1767225600);
  });

  it.each([
    ['an opaque token', 'opaque-token'],
    ['two segments', 'a.b'],
    ['a JWE (five segments)', 'a.b.c.d.e'],
    ['no exp', jwt({ sub: 'alice' })],
    ['a string exp', jwt({ exp: '1767225600' })],
    ['a payload that is not JSON', `${encodeSegment({})}.bm90LWpzb24.c2ln`],
    ['a payload that is an array', jwt([1767225600])],
    ['a null payload', jwt(null)],
  ])('O2: gives undefined for %s (no cap beyond expires_in)', (_name, token) => {
    expect(decodeJwtExpiry(token)).toBeUndefined();
  });
});
