import type { AuthorityConfig } from './authority-config.js';
import type { AuthorityRole } from './authority-role.js';

/**
 * The environment variable behind each {@link AuthorityConfig} field, so that an error names
 * both the option and the variable to fix.
 *
 * @example
 * ```ts
 * configVariable('port', 'main'); // 'AUTHORITY_PORT'
 * ```
 */
export function configVariable(option: keyof AuthorityConfig, role: AuthorityRole): string {
  switch (option) {
    case 'role':
      return 'AUTHORITY_ROLE';
    case 'issuer':
      return role === 'partner' ? 'PARTNER_AUTHORITY_URL' : 'AUTHORITY_URL';
    case 'port':
      return 'AUTHORITY_PORT';
    case 'host':
      return 'AUTHORITY_HOST';
    case 'dataDir':
      return 'BATON_DATA_DIR';
    case 'webUrl':
      return 'WEB_URL';
    case 'partnerIssuer':
      return 'PARTNER_AUTHORITY_URL';
    case 'partnerPortalRedirectUri':
      return 'PARTNER_PORTAL_REDIRECT_URI';
    case 'accessTokenTtl':
      return 'AUTHORITY_ACCESS_TOKEN_TTL';
    case 'policyFile':
      return 'AUTHORITY_POLICY_FILE';
  }
}
