import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import {
  registerTokenExchange,
  TOKEN_EXCHANGE_GRANT_TYPE,
  withTokenExchangeClaims,
  type TokenExchangeAuditEvent,
  type TokenExchangeOptions,
  type TokenExchangePolicy,
} from '@baton/authority';
import { createTestKey, registerKnownSecret, TestIssuer, type TestKey } from '@baton/testing';
import Provider from 'oidc-provider';

/** What a test asks of an own (this provider's) token. */
export interface OwnTokenOptions {
  sub?: string;
  audience?: string;
  scope?: string;
  clientId?: string;
  /** Extra claims (group, may_act, act…). */
  claims?: Record<string, unknown>;
  /** Seconds from now; negative for an expired token. Default 300. */
  expiresIn?: number;
}

/** A running oidc-provider with the grant, a trusted partner issuer, and the clients' secrets. */
export interface TestAuthority {
  readonly issuer: string;
  readonly provider: Provider;
  readonly partner: TestIssuer;
  readonly secrets: Readonly<Record<string, string>>;
  readonly audits: TokenExchangeAuditEvent[];
  /** The provider's signing key (RS256). */
  readonly signingKey: TestKey;
  /** Issues a JWT access token of this provider, as its other grants would. */
  mintOwn(options?: OwnTokenOptions): Promise<string>;
  close(): Promise<void>;
}

export const CLIENT_IDS = ['shoppingbasket', 'shoppingbasket-post', 'machine', 'stranger', 'partner-gateway', 'admin-console', 'web'] as const;

/** The policy of the test authority; `partnerIssuer` is the TestIssuer's URL. */
export function testPolicy(partnerIssuer: string, partnerJwksUri: string): TokenExchangePolicy {
  const basket = {
    ownAudiences: ['shoppingbasket'],
    targets: { discount: { scopes: ['discount.fullaccess', 'discount.read'] } },
  };
  return {
    audiences: {
      shoppingbasket: { scopes: ['shoppingbasket.fullaccess'] },
      discount: {
        scopes: ['discount.fullaccess', 'discount.read', 'discount.admin'],
        defaultScopes: ['discount.read'],
        resources: ['https://discount.example.com/'],
        tokenLifetime: 120,
      },
      eventcatalog: { scopes: ['eventcatalog.read', 'eventcatalog.write'], defaultScopes: ['eventcatalog.read'] },
      documents: {
        scopes: ['read:documents', 'write:documents', 'read:analytics', 'email', 'profile', 'calendar.events.read'],
        defaultScopes: ['read:documents'],
      },
    },
    clients: {
      shoppingbasket: basket,
      'shoppingbasket-post': basket,
      'partner-gateway': {
        ownAudiences: ['partner-gateway'],
        subjectIssuers: [partnerIssuer],
        targets: {
          eventcatalog: { scopes: ['eventcatalog.read', 'eventcatalog.write'] },
          documents: { scopes: ['read:documents', 'write:documents', 'read:analytics', 'email', 'profile', 'calendar.events.read'] },
        },
      },
      'admin-console': {
        ownAudiences: ['admin-console'],
        actorTokens: true,
        impersonation: true,
        targets: { discount: { scopes: ['discount.fullaccess', 'discount.read'] } },
      },
      web: { ownAudiences: ['web-bff'], targets: { eventcatalog: { scopes: ['eventcatalog.read'] } } },
    },
    mapping: {
      scopes: { 'shoppingbasket.fullaccess': ['discount.fullaccess', 'discount.read'], 'admin-console.use': 'discount.read' },
      claims: [{ copy: 'email' }],
    },
    trustedIssuers: [
      {
        issuer: partnerIssuer,
        jwksUri: partnerJwksUri,
        algorithms: ['ES256'],
        subjectPrefix: 'partner|',
        mapping: {
          scopes: {
            openid: ['email', 'profile'],
            'read:calendar': 'calendar.events.read',
            'catalog:browse': 'eventcatalog.read',
            'documents:read': 'read:documents',
          },
          rules: [
            { name: 'admins write documents', when: { claim: 'group', contains: 'admin' }, add: ['write:documents'] },
            { name: 'marketing analytics', when: { claim: 'department', equals: 'marketing' }, add: ['read:analytics'] },
            { name: 'editors edit the catalog', when: { all: [{ scope: 'catalog:browse' }, { claim: 'role', in: ['editor', 'owner'] }] }, add: ['eventcatalog.write'] },
            { name: 'suspended read nothing', when: { claim: 'suspended', equals: true }, remove: ['read:documents', 'write:documents'] },
          ],
          claims: [
            { copy: ['email', 'department'] },
            { rename: 'preferred_username', to: 'username' },
            { drop: 'department', when: { claim: 'department', equals: 'internal' } },
            { set: 'partner', value: true },
          ],
        },
      },
    ],
  };
}

/**
 * Starts oidc-provider on 127.0.0.1 and a free port, with the token-exchange grant and a
 * TestIssuer as the trusted partner authority. Clients: `shoppingbasket` (client_secret_basic)
 * and `shoppingbasket-post` (client_secret_post) exchange toward discount; `machine` has only
 * client_credentials; `stranger` may use the grant at the provider but is not in the policy;
 * `partner-gateway` exchanges partner tokens; `admin-console` may send actor tokens and
 * impersonate; `web` is the client own subject tokens are issued to.
 */
export async function startTestAuthority(
  overrides: Partial<Omit<TokenExchangeOptions, 'policy'>> & { policy?: (partner: TestIssuer) => TokenExchangePolicy; wireClaims?: boolean } = {},
): Promise<TestAuthority> {
  const partner = await TestIssuer.start({ algorithms: ['ES256'], audience: 'partner-gateway' });
  const secrets = Object.fromEntries(CLIENT_IDS.map((id) => [id, randomBytes(24).toString('base64url')]));
  registerKnownSecret(...Object.values(secrets));
  const signing = createTestKey('RS256');
  const privateJwk = { ...signing.privateKey.export({ format: 'jwk' }), kid: signing.kid, alg: 'RS256', use: 'sig' };

  const server = createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const ownClaims = new WeakMap<object, Record<string, unknown>>();
  const confidential = (id: string, grantTypes: string[], auth = 'client_secret_basic') => ({
    client_id: id, client_secret: secrets[id], grant_types: grantTypes, response_types: [], redirect_uris: [], token_endpoint_auth_method: auth,
  });
  const provider = new Provider(issuer, {
    clients: [
      confidential('shoppingbasket', [TOKEN_EXCHANGE_GRANT_TYPE]),
      confidential('shoppingbasket-post', [TOKEN_EXCHANGE_GRANT_TYPE], 'client_secret_post'),
      confidential('machine', ['client_credentials']),
      confidential('stranger', [TOKEN_EXCHANGE_GRANT_TYPE]),
      confidential('partner-gateway', [TOKEN_EXCHANGE_GRANT_TYPE]),
      confidential('admin-console', [TOKEN_EXCHANGE_GRANT_TYPE, 'client_credentials']),
      confidential('web', ['client_credentials']),
    ],
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
    extraTokenClaims: overrides.wireClaims === false
      ? async () => undefined
      : withTokenExchangeClaims(async (_ctx: unknown, token: object) => ownClaims.get(token)),
  });
  const audits: TokenExchangeAuditEvent[] = [];
  const { policy: makePolicy, wireClaims: _wire, audit, ...options } = overrides;
  registerTokenExchange(provider, {
    policy: makePolicy ? makePolicy(partner) : testPolicy(partner.issuer, partner.jwksUri),
    audit: (event) => {
      audits.push(event);
      audit?.(event);
    },
    ...options,
  });
  server.on('request', provider.callback());

  return {
    issuer,
    provider,
    partner,
    secrets,
    audits,
    signingKey: signing,
    async mintOwn(own: OwnTokenOptions = {}) {
      const client = await provider.Client.find(own.clientId ?? 'web');
      const audience = own.audience ?? 'shoppingbasket';
      const scope = own.scope ?? 'shoppingbasket.fullaccess';
      const now = Math.floor(Date.now() / 1000);
      const token = new provider.AccessToken({
        accountId: own.sub ?? 'alice',
        client,
        scope,
        iat: now,
        exp: now + (own.expiresIn ?? 300),
        resourceServer: { audience, scope, accessTokenFormat: 'jwt', identifier: () => audience },
      });
      ownClaims.set(token, { email: 'alice@example.com', ...own.claims });
      return token.save();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await partner.close();
    },
  };
}
