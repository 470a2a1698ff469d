import type { WebConfig } from './web-config.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function absoluteUrl(config: WebConfig, option: keyof WebConfig): URL {
  const value = config[option];
  try {
    if (typeof value !== 'string') throw new TypeError();
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError();
    return url;
  } catch {
    throw new TypeError(`web.${option} must be an absolute http(s) URL such as "http://localhost:3000".`);
  }
}

function nonEmpty(value: unknown, option: string, fix: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`web.${option} must be a non-empty string: ${fix}.`);
}

/**
 * Checks a {@link WebConfig} once at start-up; every mistake is a `TypeError` that names the
 * option and the fix. Plain http to the authority is allowed only for a loopback host.
 *
 * @example
 * ```ts
 * checkWebConfig(webConfigFromEnvironment()); // throws before anything listens
 * ```
 */
export function checkWebConfig(config: WebConfig): WebConfig {
  for (const option of ['webUrl', 'eventcatalogUrl', 'shoppingbasketUrl', 'discountUrl'] as const) absoluteUrl(config, option);
  const authority = absoluteUrl(config, 'authorityUrl');
  if (authority.protocol === 'http:') {
    if (!config.allowInsecureHttp) {
      throw new TypeError('web.authorityUrl uses http: set web.allowInsecureHttp to true (localhost only) or use https.');
    }
    if (!LOCAL_HOSTS.has(authority.hostname)) {
      throw new TypeError(`web.allowInsecureHttp is only for a loopback authority; use https for "${authority.host}".`);
    }
  }
  nonEmpty(config.clientId, 'clientId', 'the storefront client id registered at the authority');
  nonEmpty(config.clientSecret, 'clientSecret', 'the storefront client secret');
  if (typeof config.sessionSecret !== 'string' || config.sessionSecret.length < 32) {
    throw new TypeError('web.sessionSecret must be at least 32 characters: generate one (loadOrCreateSecret does).');
  }
  nonEmpty(config.signInScope, 'signInScope', 'e.g. "openid offline_access eventcatalog.read shoppingbasket.fullaccess"');
  if (!config.signInScope.split(' ').includes('openid')) {
    throw new TypeError('web.signInScope must include "openid": the storefront signs people in with OpenID Connect.');
  }
  for (const api of ['eventcatalog', 'shoppingbasket'] as const) {
    const request = config.apis?.[api];
    if (!request) throw new TypeError(`web.apis.${api} is missing: give its resource indicator and scope.`);
    nonEmpty(request.resource, `apis.${api}.resource`, 'the absolute URI the authority knows the API by');
    nonEmpty(request.scope, `apis.${api}.scope`, `the scopes the storefront needs at ${api}`);
  }
  const timeout = config.requestTimeoutMs;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout <= 0)) {
    throw new TypeError('web.requestTimeoutMs must be a positive whole number of milliseconds, e.g. 5000.');
  }
  return config;
}
