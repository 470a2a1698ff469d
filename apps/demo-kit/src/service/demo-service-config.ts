import type { AuthModuleOptions } from '@baton/nest';
import { join } from 'node:path';
import { databaseLocation, type DatabaseLocation } from '../database/database-location.js';
import { DEMO_APIS, demoTopology, portOf } from '../topology.js';

/** The three resource servers of the demo. */
export type DemoServiceName = keyof typeof DEMO_APIS;

/**
 * Everything a demo service needs to start, read once from the environment.
 *
 * @example
 * ```ts
 * const config = demoServiceConfig('discount');
 * config.port;      // 4003, from DISCOUNT_URL
 * config.database;  // { kind: 'directory', path: '<repo>/.data/discount' }
 * ```
 */
export interface DemoServiceConfig {
  readonly service: DemoServiceName;
  /** The audience its tokens must carry (`DEMO_APIS[service].audience`). */
  readonly audience: string;
  /** The issuer it trusts: the demo authority (`AUTHORITY_URL`), keys by discovery. */
  readonly issuer: AuthModuleOptions['issuer'];
  /** The authority's base URL, for the OAuth flows shown in the OpenAPI docs. */
  readonly authorityUrl: string;
  /** Its own base URL (`<SERVICE>_URL`). */
  readonly baseUrl: string;
  /** The port it listens on: the port of `baseUrl`. */
  readonly port: number;
  /** The interface it listens on (`HOST`); default: all interfaces, as Node does. */
  readonly host: string | undefined;
  /** The demo's data folder (`BATON_DATA_DIR`), for databases and generated secrets. */
  readonly dataDir: string;
  /** Its database (`<SERVICE>_DATABASE_URL`; default `<dataDir>/<service>`). */
  readonly database: DatabaseLocation;
  /** The URLs of the other parts of the demo. */
  readonly urls: { readonly authority: string; readonly eventcatalog: string; readonly shoppingbasket: string; readonly discount: string };
}

/**
 * Reads a demo service's configuration from the environment (see {@link demoTopology} for the
 * URLs), with defaults that work on localhost.
 *
 * @throws TypeError naming the variable when a URL or database URL is not usable.
 * @example
 * ```ts
 * const config = demoServiceConfig('eventcatalog', process.env);
 * ```
 */
export function demoServiceConfig(service: DemoServiceName, env: NodeJS.ProcessEnv = process.env, repoRoot?: string): DemoServiceConfig {
  const topology = demoTopology(env, repoRoot);
  const urls = {
    authority: topology.authorityUrl,
    eventcatalog: topology.eventcatalogUrl,
    shoppingbasket: topology.shoppingbasketUrl,
    discount: topology.discountUrl,
  };
  const variable = `${service.toUpperCase()}_DATABASE_URL`;
  const host = env.HOST?.trim();
  return {
    service,
    audience: DEMO_APIS[service].audience,
    issuer: topology.authorityUrl,
    authorityUrl: topology.authorityUrl,
    baseUrl: urls[service],
    port: portOf(urls[service]),
    host: host === undefined || host === '' ? undefined : host,
    dataDir: topology.dataDir,
    database: databaseLocation(env[variable], join(topology.dataDir, service), variable),
    urls,
  };
}
