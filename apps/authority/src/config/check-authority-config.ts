import type { AuthorityConfig } from './authority-config.js';
import { configVariable } from './authority-config-variables.js';
import { AUTHORITY_ROLES, type AuthorityRole } from './authority-role.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function label(option: keyof AuthorityConfig, role: AuthorityRole): string {
  return `authority.${option} (${configVariable(option, role)})`;
}

function httpUrl(config: AuthorityConfig, option: keyof AuthorityConfig, example: string): URL {
  const value = config[option];
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(`${label(option, config.role)} must be an absolute http(s) URL such as "${example}", got ${JSON.stringify(value)}.`);
  }
  if (url.hash) throw new TypeError(`${label(option, config.role)} must not have a #fragment: remove it.`);
  return url;
}

function issuerUrl(config: AuthorityConfig, option: 'issuer' | 'partnerIssuer', example: string): void {
  const url = httpUrl(config, option, example);
  const value = config[option];
  if (url.search || value.endsWith('/')) {
    throw new TypeError(`${label(option, config.role)} must be an issuer identifier without query or trailing slash, e.g. "${example}".`);
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new TypeError(`${label(option, config.role)} uses plain http on "${url.host}": only a loopback host (localhost, 127.0.0.1, [::1]) may use http; use https.`);
  }
}

/**
 * Checks an {@link AuthorityConfig} once, before anything listens. Every mistake is a
 * `TypeError` naming the option, its environment variable and the fix.
 *
 * @example
 * ```ts
 * checkAuthorityConfig({ ...config, port: 70000 });
 * // TypeError: authority.port (AUTHORITY_PORT) must be a whole number from 0 to 65535, got 70000.
 * ```
 */
export function checkAuthorityConfig(config: AuthorityConfig): AuthorityConfig {
  if (!AUTHORITY_ROLES.includes(config.role)) {
    throw new TypeError(`authority.role (AUTHORITY_ROLE) must be one of ${AUTHORITY_ROLES.map((role) => `"${role}"`).join(', ')}, got ${JSON.stringify(config.role)}.`);
  }
  const { role } = config;
  issuerUrl(config, 'issuer', role === 'partner' ? 'http://localhost:4010' : 'http://localhost:4000');
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new TypeError(`${label('port', role)} must be a whole number from 0 to 65535, got ${String(config.port)}.`);
  }
  if (typeof config.host !== 'string' || config.host.trim() === '') {
    throw new TypeError(`${label('host', role)} must be a host name or address to listen on, such as "localhost".`);
  }
  if (typeof config.dataDir !== 'string' || config.dataDir.trim() === '') {
    throw new TypeError(`${label('dataDir', role)} must be a folder for generated keys, users and secrets, such as ".data".`);
  }
  httpUrl(config, 'webUrl', 'http://localhost:3000');
  if (role === 'main') {
    issuerUrl(config, 'partnerIssuer', 'http://localhost:4010');
    if (config.partnerIssuer === config.issuer) {
      throw new TypeError(`${label('partnerIssuer', role)} must differ from ${label('issuer', role)}: the partner is another authority.`);
    }
  } else {
    httpUrl(config, 'partnerPortalRedirectUri', 'http://localhost:3010/callback');
  }
  const ttl = config.accessTokenTtl;
  if (!Number.isInteger(ttl) || ttl < 30 || ttl > 86_400) {
    throw new TypeError(`${label('accessTokenTtl', role)} must be a whole number of seconds from 30 to 86400, got ${String(ttl)}.`);
  }
  if (config.policyFile !== undefined && (typeof config.policyFile !== 'string' || config.policyFile.trim() === '')) {
    throw new TypeError(`${label('policyFile', role)} must be the path of a JSON token-exchange policy, or unset for the demo policy.`);
  }
  if (config.policyFile !== undefined && role === 'partner') {
    throw new TypeError(`${label('policyFile', role)} applies to the main authority only: the partner authority does no token exchange; unset it.`);
  }
  return Object.freeze({ ...config });
}
