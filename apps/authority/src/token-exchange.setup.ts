import type Provider from 'oidc-provider';
import type { AuthorityConfig } from './config/authority-config.js';
import type { DemoClientDefinition } from './clients/demo-client-definition.js';

/** What the token-exchange wiring needs from the authority. */
export interface TokenExchangeSetupContext {
  readonly config: AuthorityConfig;
  readonly clients: readonly DemoClientDefinition[];
  readonly audit: (event: unknown) => void;
}

/** Placeholder until @baton/authority exports registerTokenExchange. */
export function setUpTokenExchange(_provider: Provider, _context: TokenExchangeSetupContext): void {}
