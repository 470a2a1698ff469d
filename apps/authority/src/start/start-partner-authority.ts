import { PARTNER_PORTAL_CLIENT_ID } from '../clients/demo-client-definitions.js';
import { DEFAULT_PARTNER_PORTAL_REDIRECT_URI } from '../config/authority-config-from-environment.js';
import type { PartnerAuthorityClients, RunningAuthority } from './running-authority.js';
import type { StartAuthorityOptions } from './start-authority-options.js';
import { startProgrammatically } from './start-programmatically.js';

/**
 * Starts the partner authority (the partner's identity provider, user carol) in this process,
 * by default on a free port with a new temporary data folder. Start it first and pass its
 * `issuer` as `partnerIssuer` to {@link startAuthority} to test the cross-authority exchange.
 *
 * @example
 * ```ts
 * const partner = await startPartnerAuthority();
 * const authority = await startAuthority({ partnerIssuer: partner.issuer });
 * ```
 */
export async function startPartnerAuthority(options: StartAuthorityOptions = {}): Promise<RunningAuthority<PartnerAuthorityClients>> {
  const running = await startProgrammatically('partner', options);
  const portal = running.clients[PARTNER_PORTAL_CLIENT_ID];
  if (!portal) throw new Error(`The partner authority has no client ${PARTNER_PORTAL_CLIENT_ID}.`);
  return {
    ...running,
    close: running.close,
    clients: { partnerPortal: { ...portal, redirectUri: options.partnerPortalRedirectUri ?? DEFAULT_PARTNER_PORTAL_REDIRECT_URI } },
  };
}
