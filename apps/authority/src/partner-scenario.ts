/**
 * `npm run partner-scenario` (`node dist/partner-scenario.js`): runs the cross-authority
 * scenario against the running demo — the partner authority, the main authority and
 * eventcatalog at their topology URLs — with the secrets of `BATON_DATA_DIR`. See the README.
 */
import { demoTopology, loadOrCreateSecret } from '@baton-demo/kit';
import { DEMO_CLIENT_SECRET_NAMES } from './clients/demo-client-secret-names.js';
import { PARTNER_GATEWAY_CLIENT_ID, PARTNER_PORTAL_CLIENT_ID } from './clients/demo-client-definitions.js';
import { DEFAULT_PARTNER_PORTAL_REDIRECT_URI } from './config/authority-config-from-environment.js';
import { runPartnerScenario } from './scenario/run-partner-scenario.js';

try {
  const topology = demoTopology(process.env);
  const report = await runPartnerScenario({
    partnerIssuer: topology.partnerAuthorityUrl,
    authorityIssuer: topology.authorityUrl,
    partnerPortal: {
      id: PARTNER_PORTAL_CLIENT_ID,
      secret: loadOrCreateSecret(topology.dataDir, DEMO_CLIENT_SECRET_NAMES.partnerPortal),
      redirectUri: process.env.PARTNER_PORTAL_REDIRECT_URI?.trim() || DEFAULT_PARTNER_PORTAL_REDIRECT_URI,
    },
    partnerGateway: { id: PARTNER_GATEWAY_CLIENT_ID, secret: loadOrCreateSecret(topology.dataDir, DEMO_CLIENT_SECRET_NAMES.partnerGateway) },
    eventcatalogUrl: topology.eventcatalogUrl,
    ...(process.env.SCENARIO_SCOPE ? { scope: process.env.SCENARIO_SCOPE } : {}),
  });
  for (const line of report.lines) console.log(line);
  if (report.exchangeStatus !== 200) process.exitCode = 1;
} catch (error) {
  console.error(`The partner scenario failed: ${error instanceof Error ? error.message : 'unknown error'}`);
  console.error('Are both authorities running (npm start, npm run start:partner) with the same BATON_DATA_DIR?');
  process.exitCode = 1;
}
