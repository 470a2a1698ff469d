import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoTopology } from '@baton-demo/kit';
import { DEFAULT_ACCESS_TOKEN_TTL, DEFAULT_PARTNER_PORTAL_REDIRECT_URI } from '../config/authority-config-from-environment.js';
import type { AuthorityConfig } from '../config/authority-config.js';
import type { AuthorityRole } from '../config/authority-role.js';
import { launchAuthority } from './launch-authority.js';
import type { ClientCredentials, RunningAuthority } from './running-authority.js';
import type { StartAuthorityOptions } from './start-authority-options.js';

/** Starts an authority of either role for a programmatic caller (tests, other projects' e2e tests). */
export async function startProgrammatically(role: AuthorityRole, options: StartAuthorityOptions): Promise<RunningAuthority<Readonly<Record<string, ClientCredentials>>>> {
  const { logger, onAudit, secretsEnvironment, ...given } = options;
  const dataDir = given.dataDir ?? (await mkdtemp(join(tmpdir(), `baton-${role}-authority-`)));
  const topology = demoTopology({});
  const port = given.port ?? 0;
  const config: AuthorityConfig = {
    role,
    issuer: given.issuer ?? (port === 0 ? 'http://localhost' : `http://localhost:${port}`),
    port,
    host: given.host ?? 'localhost',
    dataDir,
    webUrl: given.webUrl ?? topology.webUrl,
    partnerIssuer: given.partnerIssuer ?? topology.partnerAuthorityUrl,
    partnerPortalRedirectUri: given.partnerPortalRedirectUri ?? DEFAULT_PARTNER_PORTAL_REDIRECT_URI,
    accessTokenTtl: given.accessTokenTtl ?? DEFAULT_ACCESS_TOKEN_TTL,
    ...(given.policyFile !== undefined ? { policyFile: given.policyFile } : {}),
  };
  return launchAuthority(config, {
    issuerFromPort: given.issuer === undefined,
    logger,
    ...(onAudit ? { onAudit } : {}),
    secretsEnvironment: secretsEnvironment ?? {},
    removeDataDirOnClose: given.dataDir === undefined,
    shutdownHooks: false,
  });
}
