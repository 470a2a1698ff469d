/**
 * `npm start` (`node dist/main.js`): starts one authority from the environment —
 * `AUTHORITY_ROLE=partner` for the partner authority. See the app README for every variable.
 */
import 'reflect-metadata';
import { authorityConfigFromEnvironment } from './config/authority-config-from-environment.js';
import { launchAuthority } from './start/launch-authority.js';

try {
  await launchAuthority(authorityConfigFromEnvironment(process.env), {
    issuerFromPort: false,
    logger: ['log', 'error', 'warn'],
    secretsEnvironment: process.env,
    removeDataDirOnClose: false,
    shutdownHooks: true,
  });
} catch (error) {
  // Configuration mistakes are TypeErrors whose message names the variable and the fix.
  console.error(error instanceof TypeError ? `Configuration error: ${error.message}` : error);
  process.exitCode = 1;
}
