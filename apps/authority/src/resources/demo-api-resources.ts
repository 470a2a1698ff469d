import { DEMO_APIS } from '@baton-demo/kit';
import type { ApiResource } from './api-resource.js';

/**
 * The APIs of the main authority, by name. Resource indicators are URNs
 * (`urn:globoticket:<api>`), not the services' URLs, so they stay the same whatever host and
 * port a service runs on; the token's `aud` is the plain API name the services expect.
 *
 * @example
 * ```ts
 * const request = new URLSearchParams({ resource: MAIN_API_RESOURCES.eventcatalog.resource });
 * // the access token then has aud "eventcatalog"
 * ```
 */
export const MAIN_API_RESOURCES = {
  eventcatalog: { resource: 'urn:globoticket:eventcatalog', audience: DEMO_APIS.eventcatalog.audience, scopes: DEMO_APIS.eventcatalog.scopes },
  shoppingbasket: { resource: 'urn:globoticket:shoppingbasket', audience: DEMO_APIS.shoppingbasket.audience, scopes: DEMO_APIS.shoppingbasket.scopes },
  discount: { resource: 'urn:globoticket:discount', audience: DEMO_APIS.discount.audience, scopes: DEMO_APIS.discount.scopes },
} as const satisfies Record<string, ApiResource>;

/**
 * The APIs of the partner authority: only GloboTicket's partner gateway, which the partner
 * registered as a resource server with its own scope vocabulary (`events:read`).
 *
 * @example
 * ```ts
 * PARTNER_API_RESOURCES.partnerGateway.audience; // 'partner-gateway'
 * ```
 */
export const PARTNER_API_RESOURCES = {
  partnerGateway: { resource: 'urn:globoticket:partner-gateway', audience: 'partner-gateway', scopes: ['events:read'] },
} as const satisfies Record<string, ApiResource>;
