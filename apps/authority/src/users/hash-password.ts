import { randomBytes } from 'node:crypto';
import { deriveScryptKey, SCRYPT_COST } from './scrypt-key.js';

/**
 * Hashes a password with scrypt (node:crypto) and a random 16-byte salt, encoded as
 * `scrypt$N$r$p$salt$hash` (base64url), so the cost can be raised later per stored hash.
 *
 * @example
 * ```ts
 * const stored = await hashPassword('alice-demo'); // 'scrypt$16384$8$1$…$…'
 * ```
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await deriveScryptKey(password, salt, SCRYPT_COST);
  return ['scrypt', SCRYPT_COST.N, SCRYPT_COST.r, SCRYPT_COST.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}
