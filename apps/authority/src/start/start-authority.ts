import { DEMO_CLIENTS } from '@baton-demo/kit';
import { PARTNER_GATEWAY_CLIENT_ID } from '../clients/demo-client-definitions.js';
import type { ClientCredentials, MainAuthorityClients, RunningAuthority } from './running-authority.js';
import type { StartAuthorityOptions } from './start-authority-options.js';
import { startProgrammatically } from './start-programmatically.js';

/**
 * Starts the main (GloboTicket) authority in this process, by default on a free port with a new
 * temporary data folder (removed on `close()`), issuer `http://localhost:<port>`, and the
 * partner authority at `partnerIssuer` trusted for token exchange. For tests, and for other
 * projects' integration tests against the real authority.
 *
 * @example
 * ```ts
 * const authority = await startAuthority();
 * const { id, secret } = authority.clients.machine;
 * // … client credentials at `${authority.issuer}/token` with resource urn:globoticket:eventcatalog …
 * await authority.close();
 * ```
 */
export async function startAuthority(options: StartAuthorityOptions = {}): Promise<RunningAuthority<MainAuthorityClients>> {
  const running = await startProgrammatically('main', options);
  const client = (id: string): ClientCredentials => {
    const credentials = running.clients[id];
    if (!credentials) throw new Error(`The main authority has no client ${id}.`);
    return credentials;
  };
  return {
    ...running,
    close: running.close,
    clients: { web: client(DEMO_CLIENTS.web), shoppingbasket: client(DEMO_CLIENTS.shoppingbasket), machine: client(DEMO_CLIENTS.machine), partnerGateway: client(PARTNER_GATEWAY_CLIENT_ID) },
  };
}
