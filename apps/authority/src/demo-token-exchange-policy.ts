import type { TokenExchangePolicy } from '@baton/authority';
import { DEMO_APIS, DEMO_CLIENTS } from '@baton-demo/kit';
import { PARTNER_GATEWAY_CLIENT_ID } from './clients/demo-client-definitions.js';
import type { AuthorityConfig } from './config/authority-config.js';
import { MAIN_API_RESOURCES, PARTNER_API_RESOURCES } from './resources/demo-api-resources.js';

/**
 * The demo's token-exchange policy (see the app README for the story behind each entry):
 *
 * - `shoppingbasket` exchanges the user's shoppingbasket token (its own audience) for a
 *   discount token, `discount.fullaccess` only, always naming itself in `act`;
 * - `partner-gateway` exchanges tokens of the partner authority issued for it (audience
 *   `partner-gateway`) for eventcatalog tokens, with the partner's scopes and claims mapped:
 *   direct (`events:read` → `eventcatalog.read`), claims-based (group `admin` may write,
 *   department `marketing` may read), a reduction (no write without a verified email) and
 *   claims transformation (copy, rename, set, drop). Partner users appear as `partner|<sub>`.
 *
 * @example
 * ```ts
 * registerTokenExchange(provider, { policy: demoTokenExchangePolicy(config) });
 * ```
 */
export function demoTokenExchangePolicy(config: Pick<AuthorityConfig, 'partnerIssuer' | 'accessTokenTtl'>): TokenExchangePolicy {
  const { eventcatalog, discount } = MAIN_API_RESOURCES;
  return {
    audiences: {
      [discount.audience]: { scopes: [...discount.scopes], defaultScopes: ['discount.fullaccess'], resources: [discount.resource], tokenLifetime: config.accessTokenTtl },
      [eventcatalog.audience]: { scopes: [...eventcatalog.scopes], defaultScopes: ['eventcatalog.read'], resources: [eventcatalog.resource], tokenLifetime: config.accessTokenTtl },
    },
    clients: {
      [DEMO_CLIENTS.shoppingbasket]: {
        ownAudiences: [DEMO_APIS.shoppingbasket.audience],
        targets: { [discount.audience]: { scopes: ['discount.fullaccess'] } },
      },
      [PARTNER_GATEWAY_CLIENT_ID]: {
        ownAudiences: [PARTNER_API_RESOURCES.partnerGateway.audience],
        targets: { [eventcatalog.audience]: { scopes: ['eventcatalog.read', 'eventcatalog.write'] } },
        subjectIssuers: [config.partnerIssuer],
      },
    },
    // A person who may use their basket may have their coupons looked up on their behalf.
    mapping: { scopes: { 'shoppingbasket.fullaccess': 'discount.fullaccess' } },
    trustedIssuers: [
      {
        issuer: config.partnerIssuer,
        jwksUri: `${config.partnerIssuer}/jwks`,
        algorithms: ['ES256'],
        subjectPrefix: 'partner|',
        mapping: {
          scopes: { 'events:read': 'eventcatalog.read' },
          rules: [
            { name: 'partner admins edit the catalog', when: { claim: 'group', contains: 'admin' }, add: ['eventcatalog.write'] },
            { name: 'partner marketing browses the catalog', when: { claim: 'department', equals: 'marketing' }, add: ['eventcatalog.read'] },
            { name: 'no catalog edits without a verified email', when: { not: { claim: 'email_verified', equals: true } }, remove: ['eventcatalog.write'] },
          ],
          claims: [
            { copy: ['name', 'email'] },
            { rename: 'department', to: 'partner_department' },
            { set: 'partner', value: 'partner.example' },
            { drop: 'email', when: { not: { claim: 'email_verified', equals: true } } },
          ],
        },
      },
    ],
  };
}
