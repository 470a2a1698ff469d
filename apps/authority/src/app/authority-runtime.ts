import type Provider from 'oidc-provider';
import type { AuthorityConfig } from '../config/authority-config.js';
import type { DemoClientDefinition } from '../clients/demo-client-definition.js';
import type { UserStore } from '../users/user-store.js';

/**
 * What the Nest controllers of one authority share: its configuration, users and clients, and
 * the oidc-provider, which is attached once the issuer is known (after listening, when the port
 * was 0). Until then the authority answers 503.
 */
export class AuthorityRuntime {
  private attached?: { provider: Provider; issuer: string };

  constructor(
    readonly config: AuthorityConfig,
    readonly authorityName: string,
    readonly users: UserStore,
    readonly clients: readonly DemoClientDefinition[],
  ) {}

  /** Attaches the provider; done once. */
  attach(provider: Provider, issuer: string): void {
    if (this.attached) throw new Error('The oidc-provider is already attached.');
    this.attached = { provider, issuer };
  }

  /** Whether the provider is attached and requests can be served. */
  get ready(): boolean {
    return this.attached !== undefined;
  }

  /** The provider; only called after {@link ready} is true. */
  get provider(): Provider {
    if (!this.attached) throw new Error('The oidc-provider is not attached yet.');
    return this.attached.provider;
  }

  /** The issuer, once attached. */
  get issuer(): string | undefined {
    return this.attached?.issuer;
  }

  /** The client definition of `clientId`, if it is one of this authority's clients. */
  client(clientId: unknown): DemoClientDefinition | undefined {
    return this.clients.find((client) => client.clientId === clientId);
  }
}
