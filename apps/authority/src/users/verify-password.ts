import { timingSafeEqual } from 'node:crypto';
import { deriveScryptKey, SCRYPT_KEY_LENGTH } from './scrypt-key.js';

/**
 * Checks a password against a hash made by {@link hashPassword}, in constant time. A stored
 * value in another format never matches.
 *
 * @example
 * ```ts
 * await verifyPassword('alice-demo', stored); // true
 * ```
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length !== SCRYPT_KEY_LENGTH) return false;
  try {
    const actual = await deriveScryptKey(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
    return timingSafeEqual(actual, expected);
  } catch {
    // Cost parameters scrypt refuses (not a power of two, beyond the memory limit): no match.
    return false;
  }
}
