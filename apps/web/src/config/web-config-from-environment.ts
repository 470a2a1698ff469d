import { DEMO_APIS, DEMO_CLIENTS, DEMO_SECRETS, demoTopology, loadOrCreateSecret } from '@baton-demo/kit';
import type { WebConfig } from './web-config.js';

/** The resource indicators of the demo APIs at the demo authority (see apps/authority, `MAIN_API_RESOURCES`). */
export const DEMO_RESOURCES = {
  eventcatalog: 'urn:globoticket:eventcatalog',
  shoppingbasket: 'urn:globoticket:shoppingbasket',
} as const;

const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

/**
 * The storefront's configuration for the demo: URLs from the demo topology (`WEB_URL`,
 * `AUTHORITY_URL`, …), the client secret and the session key from the data folder (generated on
 * first start; `WEB_CLIENT_SECRET` and `WEB_SESSION_SECRET` override them).
 *
 * The storefront asks for `eventcatalog.read` only (it never writes the catalog) and for
 * `shoppingbasket.fullaccess`, nothing for discount. Plain http is allowed only when the
 * authority is on a loopback address.
 *
 * @example
 * ```ts
 * const app = await createWebApp(webConfigFromEnvironment());
 * ```
 */
export function webConfigFromEnvironment(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const topology = demoTopology(env);
  const eventcatalogScope = 'eventcatalog.read';
  const shoppingbasketScope = DEMO_APIS.shoppingbasket.scopes.join(' ');
  return {
    webUrl: topology.webUrl,
    authorityUrl: topology.authorityUrl,
    eventcatalogUrl: topology.eventcatalogUrl,
    shoppingbasketUrl: topology.shoppingbasketUrl,
    discountUrl: topology.discountUrl,
    clientId: DEMO_CLIENTS.web,
    clientSecret: loadOrCreateSecret(topology.dataDir, DEMO_SECRETS.webClient, env),
    sessionSecret: loadOrCreateSecret(topology.dataDir, DEMO_SECRETS.webSession, env),
    signInScope: `openid profile offline_access ${eventcatalogScope} ${shoppingbasketScope}`,
    apis: {
      eventcatalog: { resource: DEMO_RESOURCES.eventcatalog, scope: eventcatalogScope },
      shoppingbasket: { resource: DEMO_RESOURCES.shoppingbasket, scope: shoppingbasketScope },
    },
    allowInsecureHttp: LOOPBACK.test(topology.authorityUrl),
  };
}
