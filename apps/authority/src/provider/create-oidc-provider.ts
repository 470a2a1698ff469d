import Provider, { errors, type Account, type KoaContextLike, type ResourceServerInfo, type TokenLike } from 'oidc-provider';
import { createInMemoryAdapter } from './create-in-memory-adapter.js';
import { logoutPage } from '../pages/logout.page.js';
import { messagePage } from '../pages/message.page.js';
import { PAGE_SECURITY_HEADERS } from '../pages/page-security-headers.js';
import type { OidcProviderOptions } from './oidc-provider-options.js';
import { PROVIDER_ROUTES } from './provider-routes.js';

const HOUR = 3600;

function htmlResponse(ctx: KoaContextLike, body: string): void {
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) ctx.set(name, value);
  ctx.type = 'html';
  ctx.body = body;
}

/**
 * Builds the oidc-provider of one authority: static confidential clients, JWT access tokens
 * (`typ: at+jwt`) per API through resource indicators, PKCE required, the app's own login
 * pages (no dev interactions), and HTML pages without any external resource.
 *
 * Storage is oidc-provider's in-memory adapter: the demo is one process per authority, and a
 * restart signing everyone out is acceptable there. A deployment with several processes passes
 * an `adapter` (Redis, a database) instead.
 *
 * @example
 * ```ts
 * const provider = createOidcProvider({ issuer, authorityName: 'GloboTicket', signingKeys, … });
 * expressApp.use(provider.callback());
 * ```
 */
export function createOidcProvider(options: OidcProviderOptions): Provider {
  const apisByResource = new Map(options.apis.map((api) => [api.resource, api]));
  const accessByClient = new Map(options.clients.map(({ definition }) => [definition.clientId, definition.apiAccess]));

  async function getResourceServerInfo(_ctx: KoaContextLike, resource: string, client: { clientId: string }): Promise<ResourceServerInfo> {
    const api = apisByResource.get(resource);
    if (!api) throw new errors.InvalidTarget('unknown resource indicator');
    const allowed = accessByClient.get(client.clientId)?.[resource];
    if (!allowed || allowed.length === 0) throw new errors.InvalidTarget('this client may not obtain tokens for this resource');
    return {
      scope: allowed.join(' '),
      audience: api.audience,
      accessTokenTTL: options.accessTokenTtl,
      accessTokenFormat: 'jwt',
      jwt: { sign: { alg: options.accessTokenAlg } },
    };
  }

  async function defaultResource(_ctx: KoaContextLike, client: { clientId: string }, oneOf?: string[]): Promise<string | string[] | undefined> {
    if (oneOf) return oneOf;
    // A client that may reach exactly one API (the machine client) need not name it.
    const resources = Object.keys(accessByClient.get(client.clientId) ?? {});
    return resources.length === 1 ? resources[0] : undefined;
  }

  async function findAccount(_ctx: KoaContextLike, sub: string): Promise<Account | undefined> {
    const user = options.users.findBySub(sub);
    if (!user) return undefined;
    return { accountId: user.sub, claims: () => ({ sub: user.sub, ...user.claims }) };
  }

  async function extraTokenClaims(_ctx: KoaContextLike, token: TokenLike): Promise<Record<string, unknown> | undefined> {
    const audience = token.resourceServer?.audience;
    if (token.kind !== 'AccessToken' || !token.accountId || !audience || !options.accessTokenClaims) return undefined;
    const user = options.users.findBySub(token.accountId);
    return user ? { ...options.accessTokenClaims(user, audience) } : undefined;
  }

  const provider = new Provider(options.issuer, {
    adapter: createInMemoryAdapter(),
    clients: options.clients.map(({ definition, secret }) => ({ ...definition.metadata, client_id: definition.clientId, client_secret: secret })),
    jwks: { keys: options.signingKeys.map((key) => ({ ...key })) },
    cookies: { keys: [...options.cookieKeys] },
    routes: PROVIDER_ROUTES,
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
    findAccount,
    extraTokenClaims: options.wrapExtraTokenClaims ? options.wrapExtraTokenClaims(extraTokenClaims) : extraTokenClaims,
    pkce: { required: () => true },
    clientBasedCORS: () => false,
    interactions: { url: (_ctx: KoaContextLike, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: { enabled: true, defaultResource, getResourceServerInfo, useGrantedResource: () => false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextLike, form: string) => htmlResponse(ctx, logoutPage(options.authorityName, form)),
        postLogoutSuccessSource: (ctx: KoaContextLike) => htmlResponse(ctx, messagePage('Signed out', `You are signed out of ${options.authorityName}.`)),
      },
    },
    renderError: (ctx: KoaContextLike, out: { error?: string; error_description?: string }) => {
      const description = out.error_description ?? 'The request could not be completed.';
      htmlResponse(ctx, messagePage('Something went wrong', `${description} (${out.error ?? 'error'})`));
    },
    ttl: {
      AccessToken: () => options.accessTokenTtl,
      ClientCredentials: () => options.accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: HOUR,
      Interaction: 10 * 60,
      RefreshToken: 8 * HOUR,
      Session: 8 * HOUR,
      Grant: 8 * HOUR,
    },
  });

  provider.on('server_error', (_ctx: unknown, error: unknown) => {
    const described = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
    options.onServerError?.(described.slice(0, 300));
  });
  return provider;
}
