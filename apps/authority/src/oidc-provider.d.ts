/**
 * The part of oidc-provider 9's API this app uses. oidc-provider ships no TypeScript types and
 * `@types/oidc-provider` is not installed in this workspace, so the app declares what it calls,
 * no more; everything else stays `unknown` on purpose.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export type KoaContextLike = {
    oidc: {
      client?: { clientId: string };
      route?: string;
    } & Record<string, unknown>;
    body?: unknown;
    status?: number;
    type?: string;
    set(field: string, value: string): void;
  } & Record<string, unknown>;

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: 'jwt' | 'opaque';
    jwt?: { sign?: { alg: string; kid?: string } };
  }

  export interface AccountClaims {
    sub: string;
    [claim: string]: unknown;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: unknown, rejected: string[]): AccountClaims | Promise<AccountClaims>;
  }

  export interface InteractionDetails {
    uid: string;
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    params: Record<string, unknown> & { client_id?: string; scope?: string };
    session?: { accountId: string; uid: string; cookie: string };
    grantId?: string;
    lastSubmission?: Record<string, unknown>;
  }

  export interface InteractionResults {
    login?: { accountId: string; amr?: string[]; acr?: string; remember?: boolean; ts?: number };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export interface Grant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(ttl?: number): Promise<string>;
  }

  export interface GrantConstructor {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export interface TokenLike {
    kind: string;
    accountId?: string;
    clientId?: string;
    resourceServer?: { audience?: string; identifier(): string };
  }

  export type Configuration = Record<string, unknown>;

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    readonly Grant: GrantConstructor;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
    registerGrantType(name: string, handler: (ctx: never) => Promise<void>, parameters?: Iterable<string>, allowedDuplicateParameters?: Iterable<string>): void;
    readonly AccessToken: new (init: Record<string, unknown>) => { readonly tokenType: string; readonly jti?: string; save(): Promise<string> };
    urlFor(name: string): string;
    use(middleware: (ctx: never, next: () => Promise<void>) => Promise<void>): unknown;
    emit(event: string, ...args: unknown[]): boolean;
  }

  export const errors: {
    InvalidTarget: new (description?: string) => Error;
  } & Record<string, unknown>;
}
