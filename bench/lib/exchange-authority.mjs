// The authority under test in both the exchange and the on-behalf-of benchmarks: oidc-provider
// 9 with @baton/authority's RFC 8693 grant, configured like the demo's main authority
// (apps/authority: JWT access tokens per API through resource indicators, RS256, the same
// token-exchange policy shape), in the process that calls startBenchAuthority.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { registerTokenExchange, TOKEN_EXCHANGE_GRANT_TYPE, validateTokenExchangePolicy, withTokenExchangeClaims } from '@baton/authority';
import Provider from 'oidc-provider';
import { EXCHANGE_CLIENT_ID, ISSUED_TOKEN_LIFETIME, PARTNER, PARTNER_CLIENT_ID, SUBJECT, TARGET, USER_TOKEN_CLIENT_ID } from './exchange-constants.mjs';

/** The policy: the demo main authority's (apps/authority/src/demo-token-exchange-policy.ts), with the bench's names. */
function benchPolicy(partner) {
  const policy = {
    audiences: {
      [TARGET.audience]: { scopes: ['discount.fullaccess', 'discount.read'], defaultScopes: ['discount.fullaccess'], resources: [TARGET.resource], tokenLifetime: ISSUED_TOKEN_LIFETIME },
      [SUBJECT.audience]: { scopes: [SUBJECT.scope], tokenLifetime: ISSUED_TOKEN_LIFETIME },
      eventcatalog: { scopes: ['eventcatalog.read', 'eventcatalog.write'], defaultScopes: ['eventcatalog.read'], tokenLifetime: ISSUED_TOKEN_LIFETIME },
    },
    clients: {
      [EXCHANGE_CLIENT_ID]: { ownAudiences: [SUBJECT.audience], targets: { [TARGET.audience]: { scopes: ['discount.fullaccess'] } } },
    },
    mapping: { scopes: { [SUBJECT.scope]: 'discount.fullaccess' }, claims: [{ copy: 'email' }] },
  };
  if (partner) {
    policy.clients[PARTNER_CLIENT_ID] = {
      ownAudiences: [PARTNER.audience],
      targets: { eventcatalog: { scopes: ['eventcatalog.read', 'eventcatalog.write'] } },
      subjectIssuers: [partner.issuer],
    };
    policy.trustedIssuers = [
      {
        issuer: partner.issuer,
        jwksUri: partner.jwksUri,
        algorithms: ['ES256'],
        subjectPrefix: 'partner|',
        // The demo's partner mapping: direct, claims-based rules, a reduction, claims transformation.
        mapping: {
          scopes: { 'events:read': 'eventcatalog.read' },
          rules: [
            { name: 'partner admins edit the catalog', when: { claim: 'group', contains: 'admin' }, add: ['eventcatalog.write'] },
            { name: 'partner marketing browses the catalog', when: { claim: 'department', equals: 'marketing' }, add: ['eventcatalog.read'] },
            { name: 'no catalog edits without a verified email', when: { not: { claim: 'email_verified', equals: true } }, remove: ['eventcatalog.write'] },
          ],
          claims: [
            { copy: ['name', 'email'] },
            { rename: 'department', to: 'partner_department' },
            { set: 'partner', value: 'partner.example' },
            { drop: 'email', when: { not: { claim: 'email_verified', equals: true } } },
          ],
        },
      },
    ];
  }
  return validateTokenExchangePolicy(policy);
}

function rsaSigningJwk() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: `bench-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };
}

/**
 * Starts the authority on 127.0.0.1 and a free port. `partner` (`{ issuer, jwksUri }`, optional)
 * is trusted for the partner gateway. Returns the issuer, the clients' secrets, counters, a
 * minting function for user tokens, and close().
 *
 * Counters: `exchanges` (granted / refused, from the audit events, each serialized with
 * JSON.stringify as the demo authority's logger does, but not written anywhere) and
 * `clientCredentials` (tokens issued by that grant).
 */
export async function startBenchAuthority({ partner } = {}) {
  const secrets = {
    [EXCHANGE_CLIENT_ID]: randomBytes(24).toString('base64url'),
    [PARTNER_CLIENT_ID]: randomBytes(24).toString('base64url'),
    [USER_TOKEN_CLIENT_ID]: randomBytes(24).toString('base64url'),
  };
  const server = createServer({ keepAlive: true });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;

  const apis = new Map([[TARGET.resource, { audience: TARGET.audience, scope: 'discount.fullaccess discount.read' }]]);
  const userClaims = new WeakMap();
  const client = (id, grantTypes) => ({
    client_id: id,
    client_secret: secrets[id],
    grant_types: grantTypes,
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  });
  const provider = new Provider(issuer, {
    clients: [
      // One client for both grants: the comparison differs in the grant only.
      client(EXCHANGE_CLIENT_ID, ['client_credentials', TOKEN_EXCHANGE_GRANT_TYPE]),
      client(PARTNER_CLIENT_ID, [TOKEN_EXCHANGE_GRANT_TYPE]),
      client(USER_TOKEN_CLIENT_ID, ['client_credentials']),
    ],
    jwks: { keys: [rsaSigningJwk()] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    extraTokenClaims: withTokenExchangeClaims(async (_ctx, token) => userClaims.get(token)),
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf,
        useGrantedResource: () => false,
        getResourceServerInfo: async (_ctx, resource) => {
          const api = apis.get(resource);
          if (!api) throw new Error(`unknown resource ${resource}`);
          return { ...api, accessTokenFormat: 'jwt', accessTokenTTL: ISSUED_TOKEN_LIFETIME, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    ttl: { ClientCredentials: ISSUED_TOKEN_LIFETIME, AccessToken: ISSUED_TOKEN_LIFETIME },
  });

  const counters = { exchangesGranted: 0, exchangesRefused: 0, clientCredentials: 0, auditBytes: 0, refusals: {} };
  registerTokenExchange(provider, {
    policy: benchPolicy(partner),
    audit(event) {
      counters.auditBytes += JSON.stringify(event).length;
      if (event.outcome === 'granted') counters.exchangesGranted += 1;
      else {
        counters.exchangesRefused += 1;
        counters.refusals[event.reason] = (counters.refusals[event.reason] ?? 0) + 1;
      }
    },
  });
  provider.on('grant.success', (ctx) => {
    if (ctx.oidc?.params?.grant_type === 'client_credentials') counters.clientCredentials += 1;
  });
  server.on('request', provider.callback());

  const webClient = await provider.Client.find(USER_TOKEN_CLIENT_ID);

  return {
    issuer,
    secrets,
    counters,
    /**
     * A JWT access token of this authority, issued by oidc-provider itself as its other grants
     * would: user `sub`, `client_id` web, audience and scope as given, an `email` claim.
     */
    async mintUserToken({ sub, audience = SUBJECT.audience, scope = SUBJECT.scope, expiresIn }) {
      const now = Math.floor(Date.now() / 1000);
      const token = new provider.AccessToken({
        accountId: sub,
        client: webClient,
        scope,
        iat: now,
        exp: now + expiresIn,
        resourceServer: { audience, scope, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } }, identifier: () => audience },
      });
      userClaims.set(token, { email: `${sub}@example.com` });
      return token.save();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
