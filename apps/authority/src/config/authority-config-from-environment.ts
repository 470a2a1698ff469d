import { demoTopology, portOf } from '@baton-demo/kit';
import type { AuthorityConfig } from './authority-config.js';
import type { AuthorityRole } from './authority-role.js';

/** The partner portal's redirect URI when `PARTNER_PORTAL_REDIRECT_URI` is not set. */
export const DEFAULT_PARTNER_PORTAL_REDIRECT_URI = 'http://localhost:3010/callback';

/** Access-token lifetime in seconds when `AUTHORITY_ACCESS_TOKEN_TTL` is not set. */
export const DEFAULT_ACCESS_TOKEN_TTL = 300;

function numberFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}

/**
 * Reads an {@link AuthorityConfig} from environment variables, with the demo topology's
 * localhost defaults. It does not check the result: pass it to {@link checkAuthorityConfig}.
 *
 * @example
 * ```ts
 * const config = checkAuthorityConfig(authorityConfigFromEnvironment({ AUTHORITY_ROLE: 'partner' }));
 * config.issuer; // 'http://localhost:4010'
 * ```
 */
export function authorityConfigFromEnvironment(env: NodeJS.ProcessEnv = process.env): AuthorityConfig {
  const topology = demoTopology(env);
  // An unknown role is kept as given so that checkAuthorityConfig can name it.
  const role = (env.AUTHORITY_ROLE?.trim() || 'main') as AuthorityRole;
  const issuer = role === 'partner' ? topology.partnerAuthorityUrl : topology.authorityUrl;
  return {
    role,
    issuer,
    port: numberFrom(env.AUTHORITY_PORT, portOf(issuer)),
    host: env.AUTHORITY_HOST?.trim() || 'localhost',
    dataDir: topology.dataDir,
    webUrl: topology.webUrl,
    partnerIssuer: topology.partnerAuthorityUrl,
    partnerPortalRedirectUri: env.PARTNER_PORTAL_REDIRECT_URI?.trim() || DEFAULT_PARTNER_PORTAL_REDIRECT_URI,
    accessTokenTtl: numberFrom(env.AUTHORITY_ACCESS_TOKEN_TTL, DEFAULT_ACCESS_TOKEN_TTL),
    ...(env.AUTHORITY_POLICY_FILE?.trim() ? { policyFile: env.AUTHORITY_POLICY_FILE.trim() } : {}),
  };
}
