import { generateSigningKeyGeneration } from './generate-signing-key-generation.js';
import { readSigningKeys, writeSigningKeys } from './signing-keys-store.js';

/**
 * What a rotation did, by key id (never key material).
 *
 * @example
 * ```ts
 * const { added, published, retired }: SigningKeyRotation = rotateSigningKeys('.data/authority');
 * ```
 */
export interface SigningKeyRotation {
  /** Key ids of the new generation, which signs from the next start on. */
  readonly added: readonly string[];
  /** Key ids still published for verification (the new generation and the ones kept). */
  readonly published: readonly string[];
  /** Key ids removed because they were older than the generations kept. */
  readonly retired: readonly string[];
}

/**
 * Rotates an authority's signing keys: a new generation (RS256 + ES256) is put first, so it
 * signs from the authority's next start, and the previous generations stay published so tokens
 * they signed keep verifying (overlap). Generations beyond `keep` (default 2: the new one and
 * the previous one) are retired; rotate again only after the previous generation's tokens have
 * expired (access tokens live `AUTHORITY_ACCESS_TOKEN_TTL` seconds, 300 by default).
 *
 * @example
 * ```ts
 * const rotation = rotateSigningKeys('.data/authority');
 * console.log(`new keys ${rotation.added.join(', ')}; retired ${rotation.retired.join(', ') || 'none'}`);
 * ```
 */
export function rotateSigningKeys(folder: string, options: { keep?: number; now?: Date } = {}): SigningKeyRotation {
  const keep = options.keep ?? 2;
  if (!Number.isInteger(keep) || keep < 2) {
    throw new TypeError('rotateSigningKeys options.keep must be a whole number of at least 2: the new generation and the one whose tokens are still in circulation.');
  }
  const current = readSigningKeys(folder)?.generations ?? [];
  const fresh = generateSigningKeyGeneration(options.now);
  const all = [fresh, ...current];
  const kept = all.slice(0, keep);
  writeSigningKeys(folder, { generations: kept });
  const kids = (generations: typeof all) => generations.flatMap((generation) => generation.keys.map((key) => key.kid));
  return { added: kids([fresh]), published: kids(kept), retired: kids(all.slice(keep)) };
}
