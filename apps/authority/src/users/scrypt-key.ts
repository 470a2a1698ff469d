import { scrypt, type ScryptOptions } from 'node:crypto';

/** scrypt cost parameters: N = 2^14, r = 8, p = 1 (about 16 MiB and a few tens of ms per hash). */
export const SCRYPT_COST = { N: 16_384, r: 8, p: 1 } as const;

/** Length of the derived key in bytes. */
export const SCRYPT_KEY_LENGTH = 32;

/** Derives the scrypt key of a password (NFKC-normalised) and salt. */
export function deriveScryptKey(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, SCRYPT_KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

