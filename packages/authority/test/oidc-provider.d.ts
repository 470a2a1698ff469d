/**
 * The part of oidc-provider 9 the tests use. oidc-provider ships no TypeScript types; the
 * package itself only takes a structural `TokenExchangeProvider`.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { ProviderAccessToken, ProviderClient, ProviderContext } from '@baton/authority';

  export class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    readonly issuer: string;
    readonly AccessToken: new (init: Record<string, unknown>) => ProviderAccessToken;
    readonly Client: { find(clientId: string): Promise<ProviderClient | undefined> };
    registerGrantType(
      grantType: string,
      handler: (ctx: ProviderContext) => Promise<void>,
      parameters: Iterable<string>,
      allowedDuplicateParameters: Iterable<string>,
    ): void;
    urlFor(name: string): string;
    use(middleware: (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>): this;
    emit(event: string, ...args: unknown[]): boolean;
    on(event: string, listener: (...args: unknown[]) => void): this;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
  export default Provider;
}
