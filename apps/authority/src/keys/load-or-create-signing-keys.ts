import { generateSigningKeyGeneration } from './generate-signing-key-generation.js';
import type { PrivateSigningJwk, SigningKeysFile } from './signing-key-generation.js';
import { readSigningKeys, writeSigningKeys } from './signing-keys-store.js';

/**
 * The signing keys of one authority, newest generation first, as oidc-provider's `jwks`
 * option wants them: it signs with the first key of each algorithm and publishes them all.
 *
 * On first start, when `<folder>/signing-keys.json` does not exist, one generation (RS256 and
 * ES256) is generated and written with mode 0600.
 *
 * @example
 * ```ts
 * const keys = loadOrCreateSigningKeys('.data/authority');
 * new Provider(issuer, { jwks: { keys: [...keys] } });
 * ```
 */
export function loadOrCreateSigningKeys(folder: string): readonly PrivateSigningJwk[] {
  let content: SigningKeysFile | undefined = readSigningKeys(folder);
  if (!content) {
    content = { generations: [generateSigningKeyGeneration()] };
    writeSigningKeys(folder, content);
  }
  return content.generations.flatMap((generation) => generation.keys);
}
