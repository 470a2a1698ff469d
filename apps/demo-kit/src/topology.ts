import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where each part of the GloboTicket demo listens and how the parts know one another.
 *
 * Every value has a localhost default that just works and can be overridden by an
 * environment variable (named next to each field), so two demos or a CI run can coexist.
 */
export interface DemoTopology {
  /** The main authority's issuer URL. `AUTHORITY_URL`, default http://localhost:4000. */
  authorityUrl: string;
  /** The partner authority's issuer URL (the second, trusted authority). `PARTNER_AUTHORITY_URL`, default http://localhost:4010. */
  partnerAuthorityUrl: string;
  /** eventcatalog's base URL. `EVENTCATALOG_URL`, default http://localhost:4001. */
  eventcatalogUrl: string;
  /** shoppingbasket's base URL. `SHOPPINGBASKET_URL`, default http://localhost:4002. */
  shoppingbasketUrl: string;
  /** discount's base URL. `DISCOUNT_URL`, default http://localhost:4003. */
  discountUrl: string;
  /** The storefront's base URL. `WEB_URL`, default http://localhost:3000. */
  webUrl: string;
  /** Folder for databases, keys and generated secrets. `BATON_DATA_DIR`, default `<repo>/.data`. */
  dataDir: string;
}

/** The audiences (one per service) and the scopes of the demo APIs. */
export const DEMO_APIS = {
  eventcatalog: { audience: 'eventcatalog', scopes: ['eventcatalog.read', 'eventcatalog.write'] },
  shoppingbasket: { audience: 'shoppingbasket', scopes: ['shoppingbasket.fullaccess'] },
  discount: { audience: 'discount', scopes: ['discount.fullaccess'] },
} as const;

/** Client ids registered at the main authority. */
export const DEMO_CLIENTS = {
  /** The storefront: confidential, authorization code + PKCE. */
  web: 'web',
  /** shoppingbasket acting on behalf of the user: token exchange toward discount only. */
  shoppingbasket: 'shoppingbasket',
  /** A machine client: client credentials, eventcatalog.read. */
  machine: 'machine',
} as const;

/**
 * The names of the secrets generated on first start (see `loadOrCreateSecret`): every secret
 * of the demo, the partner authority's included, so that `npm start` and the full-stack tests
 * create them all before any process starts and the leak audit knows each one.
 */
export const DEMO_SECRETS = {
  webClient: 'web-client-secret',
  shoppingbasketClient: 'shoppingbasket-client-secret',
  machineClient: 'machine-client-secret',
  webSession: 'web-session-secret',
  authorityCookies: 'authority-cookie-key',
  partnerCookies: 'partner-cookie-key',
  /** The partner scenario's `partner-gateway` client, at the main authority (exchanges partner tokens). */
  partnerGatewayClient: 'partner-gateway-client-secret',
  /** The partner scenario's `partner-portal` client, at the partner authority (authorization code + PKCE). */
  partnerPortalClient: 'partner-portal-client-secret',
} as const;

function urlFrom(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name] ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new TypeError(`${name} must be an absolute http(s) URL, got "${value}".`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`${name} must be an http(s) URL, got "${value}".`);
  }
  return value.replace(/\/+$/, '');
}

/**
 * Reads the demo topology from the environment, with localhost defaults.
 *
 * @example
 * ```ts
 * const { authorityUrl, discountUrl } = demoTopology();
 * ```
 */
export function demoTopology(env: NodeJS.ProcessEnv = process.env, repoRoot = defaultRepoRoot()): DemoTopology {
  return {
    authorityUrl: urlFrom(env, 'AUTHORITY_URL', 'http://localhost:4000'),
    partnerAuthorityUrl: urlFrom(env, 'PARTNER_AUTHORITY_URL', 'http://localhost:4010'),
    eventcatalogUrl: urlFrom(env, 'EVENTCATALOG_URL', 'http://localhost:4001'),
    shoppingbasketUrl: urlFrom(env, 'SHOPPINGBASKET_URL', 'http://localhost:4002'),
    discountUrl: urlFrom(env, 'DISCOUNT_URL', 'http://localhost:4003'),
    webUrl: urlFrom(env, 'WEB_URL', 'http://localhost:3000'),
    dataDir: env.BATON_DATA_DIR ?? `${repoRoot}/.data`,
  };
}

/** The port a base URL listens on (its explicit port, or 80/443). */
export function portOf(baseUrl: string): number {
  const url = new URL(baseUrl);
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** The nearest folder, from the working directory up, that holds `nx.json` (the repository root). */
function defaultRepoRoot(): string {
  let dir = resolve(process.cwd());
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}
