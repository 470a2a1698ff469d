/**
 * @baton-demo/authority: the GloboTicket demo authorization server (oidc-provider in a Nest app
 * with the @baton/authority token-exchange grant), as the main or the partner authority.
 * `npm start` runs it from the environment; tests and other projects start it with
 * {@link startAuthority} / {@link startPartnerAuthority}.
 *
 * @packageDocumentation
 */
export { DEMO_CLIENT_SECRET_NAMES } from './clients/demo-client-secret-names.js';
export { PARTNER_GATEWAY_CLIENT_ID, PARTNER_PORTAL_CLIENT_ID } from './clients/demo-client-definitions.js';
export type { AuthorityConfig } from './config/authority-config.js';
export { authorityConfigFromEnvironment } from './config/authority-config-from-environment.js';
export type { AuthorityRole } from './config/authority-role.js';
export { checkAuthorityConfig } from './config/check-authority-config.js';
export { loadOrCreateSigningKeys } from './keys/load-or-create-signing-keys.js';
export { rotateSigningKeys, type SigningKeyRotation } from './keys/rotate-signing-keys.js';
export type { PrivateSigningJwk, SigningKeyGeneration } from './keys/signing-key-generation.js';
export type { ApiResource } from './resources/api-resource.js';
export { MAIN_API_RESOURCES, PARTNER_API_RESOURCES } from './resources/demo-api-resources.js';
export type { PartnerScenarioOptions, PartnerScenarioReport } from './scenario/partner-scenario-options.js';
export { runPartnerScenario } from './scenario/run-partner-scenario.js';
export type { PasswordSignInOptions, PasswordSignInTokens } from './sign-in/password-sign-in-options.js';
export { SignInFlowError } from './sign-in/sign-in-flow.error.js';
export { SignInRefusedError } from './sign-in/sign-in-refused.error.js';
export { signInWithPassword } from './sign-in/sign-in-with-password.js';
export type { ClientCredentials, MainAuthorityClients, PartnerAuthorityClients, RunningAuthority } from './start/running-authority.js';
export type { StartAuthorityOptions } from './start/start-authority-options.js';
export { startAuthority } from './start/start-authority.js';
export { startPartnerAuthority } from './start/start-partner-authority.js';
export type { DemoUserClaims, DemoUserSeed } from './users/demo-user.js';
export { DEMO_USER_SEEDS } from './users/demo-user-seeds.js';
export { hashPassword } from './users/hash-password.js';
export { verifyPassword } from './users/verify-password.js';
