import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrivateSigningJwk, SigningKeyGeneration, SigningKeysFile } from './signing-key-generation.js';

/** The file, inside an authority's folder, that holds its signing keys. */
export const SIGNING_KEYS_FILE = 'signing-keys.json';

function isSigningJwk(value: unknown): value is PrivateSigningJwk {
  if (typeof value !== 'object' || value === null) return false;
  const jwk = value as Record<string, unknown>;
  return typeof jwk.kid === 'string' && (jwk.alg === 'RS256' || jwk.alg === 'ES256') && jwk.use === 'sig' && typeof jwk.d === 'string';
}

function isGeneration(value: unknown): value is SigningKeyGeneration {
  if (typeof value !== 'object' || value === null) return false;
  const generation = value as Record<string, unknown>;
  return typeof generation.createdAt === 'string' && Array.isArray(generation.keys) && generation.keys.length > 0 && generation.keys.every(isSigningJwk);
}

/**
 * Reads `<folder>/signing-keys.json`, or returns `undefined` when it does not exist yet.
 * A file that is not what this app wrote is an error naming the file, never silently replaced
 * (replacing it would invalidate every token in circulation).
 */
export function readSigningKeys(folder: string): SigningKeysFile | undefined {
  const file = join(folder, SIGNING_KEYS_FILE);
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new TypeError(`${file} is not valid JSON: restore it from a backup, or delete it to generate new keys (tokens already issued will stop verifying).`);
  }
  const generations = (parsed as { generations?: unknown } | null)?.generations;
  if (!Array.isArray(generations) || generations.length === 0 || !generations.every(isGeneration)) {
    throw new TypeError(`${file} does not hold signing key generations: restore it from a backup, or delete it to generate new keys.`);
  }
  return { generations };
}

/** Writes `<folder>/signing-keys.json` (mode 0600) through a temporary file, so a crash never leaves half a key file. */
export function writeSigningKeys(folder: string, content: SigningKeysFile): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, SIGNING_KEYS_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}
