import { DEMO_SECRETS } from '@baton-demo/kit';

/**
 * The generated secrets of the demo clients, as named for `loadOrCreateSecret`: those of the
 * demo kit plus the two clients of the partner scenario.
 *
 * @example
 * ```ts
 * loadOrCreateSecret(dataDir, DEMO_CLIENT_SECRET_NAMES.partnerGateway);
 * // or PARTNER_GATEWAY_CLIENT_SECRET in the environment
 * ```
 */
export const DEMO_CLIENT_SECRET_NAMES = {
  web: DEMO_SECRETS.webClient,
  shoppingbasket: DEMO_SECRETS.shoppingbasketClient,
  machine: DEMO_SECRETS.machineClient,
  partnerGateway: 'partner-gateway-client-secret',
  partnerPortal: 'partner-portal-client-secret',
} as const;
