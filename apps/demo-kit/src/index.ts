/**
 * @baton-demo/kit: what the demo apps share.
 *
 * @packageDocumentation
 */
export { DEMO_APIS, DEMO_CLIENTS, DEMO_SECRETS, demoTopology, portOf, type DemoTopology } from './topology.js';
export { loadOrCreateSecret } from './secrets.js';
