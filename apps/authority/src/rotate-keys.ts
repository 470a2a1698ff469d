/**
 * `npm run rotate-keys` (`node dist/rotate-keys.js`): adds a new generation of signing keys to
 * the authority named by `AUTHORITY_ROLE` (default main) in `BATON_DATA_DIR`, keeping the
 * previous generation published. Restart the authority to sign with the new keys.
 */
import { authorityConfigFromEnvironment } from './config/authority-config-from-environment.js';
import { rotateSigningKeys } from './keys/rotate-signing-keys.js';
import { authorityFolder } from './start/authority-folder.js';

try {
  const config = authorityConfigFromEnvironment(process.env);
  const folder = authorityFolder(config);
  const rotation = rotateSigningKeys(folder);
  console.log(`Signing keys of the ${config.role} authority in ${folder}:`);
  console.log(`  new (signs after the next start): ${rotation.added.join(', ')}`);
  console.log(`  published for verification:      ${rotation.published.join(', ')}`);
  console.log(`  retired:                          ${rotation.retired.join(', ') || 'none'}`);
  console.log('Restart the authority to sign with the new keys.');
} catch (error) {
  console.error(error instanceof TypeError ? `Cannot rotate: ${error.message}` : error);
  process.exitCode = 1;
}
