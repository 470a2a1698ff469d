import { DEMO_CLIENTS } from '@baton-demo/kit';
import type { AuthorityConfig } from '../config/authority-config.js';
import { MAIN_API_RESOURCES, PARTNER_API_RESOURCES } from '../resources/demo-api-resources.js';
import type { DemoClientDefinition } from './demo-client-definition.js';
import { DEMO_CLIENT_SECRET_NAMES } from './demo-client-secret-names.js';
import { TOKEN_EXCHANGE_GRANT_TYPE } from './token-exchange-grant-type.js';

/**
 * The client id of GloboTicket's partner gateway at the main authority.
 *
 * @example
 * ```ts
 * authority.clients.partnerGateway.id === PARTNER_GATEWAY_CLIENT_ID; // true
 * ```
 */
export const PARTNER_GATEWAY_CLIENT_ID = 'partner-gateway';

/**
 * The client id of the partner's portal at the partner authority.
 *
 * @example
 * ```ts
 * partner.clients.partnerPortal.id === PARTNER_PORTAL_CLIENT_ID; // true
 * ```
 */
export const PARTNER_PORTAL_CLIENT_ID = 'partner-portal';

const confidential = { token_endpoint_auth_method: 'client_secret_basic' } as const;
const noBrowser = { response_types: [], redirect_uris: [] } as const;

/**
 * The clients of the main authority:
 * - `web`, the storefront: authorization code + PKCE, refresh tokens, eventcatalog.read and
 *   shoppingbasket.fullaccess (not eventcatalog.write, so the demo can show a 403);
 * - `shoppingbasket`: token exchange only, toward discount only;
 * - `machine`: client credentials, eventcatalog.read;
 * - `partner-gateway`: token exchange only, of partner tokens, toward eventcatalog.
 *
 * @example
 * ```ts
 * mainClientDefinitions(config).map((client) => client.clientId); // ['web', 'shoppingbasket', 'machine', 'partner-gateway']
 * ```
 */
export function mainClientDefinitions(config: AuthorityConfig): readonly DemoClientDefinition[] {
  const { eventcatalog, shoppingbasket } = MAIN_API_RESOURCES;
  return [
    {
      clientId: DEMO_CLIENTS.web,
      secretName: DEMO_CLIENT_SECRET_NAMES.web,
      firstParty: true,
      metadata: {
        ...confidential,
        client_name: 'GloboTicket storefront',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${config.webUrl}/auth/callback`],
        post_logout_redirect_uris: [`${config.webUrl}/`],
        scope: 'openid profile email offline_access',
      },
      apiAccess: { [eventcatalog.resource]: ['eventcatalog.read'], [shoppingbasket.resource]: ['shoppingbasket.fullaccess'] },
    },
    {
      clientId: DEMO_CLIENTS.shoppingbasket,
      secretName: DEMO_CLIENT_SECRET_NAMES.shoppingbasket,
      firstParty: true,
      metadata: { ...confidential, ...noBrowser, client_name: 'shoppingbasket (on behalf of the user)', grant_types: [TOKEN_EXCHANGE_GRANT_TYPE] },
      // Token exchange only: what it may obtain is the token-exchange policy's to say.
      apiAccess: {},
    },
    {
      clientId: DEMO_CLIENTS.machine,
      secretName: DEMO_CLIENT_SECRET_NAMES.machine,
      firstParty: true,
      metadata: { ...confidential, ...noBrowser, client_name: 'machine (reads the catalog)', grant_types: ['client_credentials'] },
      apiAccess: { [eventcatalog.resource]: ['eventcatalog.read'] },
    },
    {
      clientId: PARTNER_GATEWAY_CLIENT_ID,
      secretName: DEMO_CLIENT_SECRET_NAMES.partnerGateway,
      firstParty: true,
      metadata: { ...confidential, ...noBrowser, client_name: 'partner gateway (exchanges partner tokens)', grant_types: [TOKEN_EXCHANGE_GRANT_TYPE] },
      apiAccess: {},
    },
  ];
}

/**
 * The clients of the partner authority: `partner-portal`, the partner's own web portal
 * (authorization code + PKCE), which obtains tokens for GloboTicket's partner gateway.
 *
 * @example
 * ```ts
 * partnerClientDefinitions(config)[0].clientId; // 'partner-portal'
 * ```
 */
export function partnerClientDefinitions(config: AuthorityConfig): readonly DemoClientDefinition[] {
  const { partnerGateway } = PARTNER_API_RESOURCES;
  return [
    {
      clientId: PARTNER_PORTAL_CLIENT_ID,
      secretName: DEMO_CLIENT_SECRET_NAMES.partnerPortal,
      firstParty: true,
      metadata: {
        ...confidential,
        client_name: 'Partner portal',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [config.partnerPortalRedirectUri],
        scope: 'openid profile email',
      },
      apiAccess: { [partnerGateway.resource]: [...partnerGateway.scopes] },
    },
  ];
}
