import { randomBytes } from 'node:crypto';
import { registerTokenExchange, TOKEN_EXCHANGE_GRANT_TYPE, type TokenExchangeOptions, type TokenExchangePolicy } from '@baton/authority';
import { createTestKey } from '@baton/testing';
import Provider from 'oidc-provider';
import { exchangeClient, exchangeOf } from './exchange-client.test-helpers.js';
import { startTestAuthority } from './test-authority.test-helpers.js';

const ISSUER = 'http://127.0.0.1:4000';
const key = createTestKey('RS256');
const jwks = { keys: [{ ...key.privateKey.export({ format: 'jwk' }), kid: key.kid, alg: 'RS256', use: 'sig' }] };
const policy: TokenExchangePolicy = {
  audiences: { discount: { scopes: ['discount.read'] } },
  clients: { shoppingbasket: { ownAudiences: ['shoppingbasket'], targets: { discount: { scopes: ['discount.read'] } } } },
};

function provider(): Provider {
  return new Provider(ISSUER, { jwks, cookies: { keys: [randomBytes(16).toString('hex')] } });
}

describe('registerTokenExchange: options are checked at registration', () => {
  const cases: Array<[string, () => unknown, string]> = [
    ['no provider', () => registerTokenExchange({} as never, { policy }), '`provider` must be an oidc-provider 9 Provider instance'],
    ['no options', () => registerTokenExchange(provider(), undefined as never), '`options` must be an object with at least `policy`.'],
    ['a misspelt option', () => registerTokenExchange(provider(), { policy, audits: () => {} } as unknown as TokenExchangeOptions), '`options.audits` is not an option; known ones: policy, audit, jwksUri'],
    ['no policy', () => registerTokenExchange(provider(), {} as TokenExchangeOptions), '`options.policy` is missing'],
    ['a policy mistake names the rule', () => registerTokenExchange(provider(), { policy: { ...policy, clients: { shoppingbasket: { ownAudiences: ['shoppingbasket'], targets: { discounts: { scopes: ['discount.read'] } } } } } }), '`policy.clients.shoppingbasket.targets.discounts` names an audience that `policy.audiences` does not define'],
    ['audit not a function', () => registerTokenExchange(provider(), { policy, audit: 'log' as never }), '`options.audit` must be a function'],
    ['an HMAC signing algorithm', () => registerTokenExchange(provider(), { policy, signingAlgorithm: 'HS256' as never }), '`options.signingAlgorithm` must be one of RS256'],
    ['alg none among own algorithms', () => registerTokenExchange(provider(), { policy, algorithms: ['none' as never] }), '`options.algorithms` must be a non-empty list among RS256'],
    ['an empty algorithm list', () => registerTokenExchange(provider(), { policy, algorithms: [] }), '`options.algorithms` must be a non-empty list'],
    ['a plain-http JWKS URL off localhost', () => registerTokenExchange(provider(), { policy, jwksUri: 'http://auth.internal/jwks' }), '`options.jwksUri` must use https (plain http is accepted for localhost only, or with `options.allowInsecureHttp: true`)'],
    ['a JWKS URL that is not a URL', () => registerTokenExchange(provider(), { policy, jwksUri: 'jwks' }), '`options.jwksUri` is not a valid URL.'],
    ['a trusted issuer that is this provider', () => registerTokenExchange(provider(), { policy: { ...policy, trustedIssuers: [{ issuer: ISSUER }] } }), '`policy.trustedIssuers[0].issuer` is this provider\'s own issuer; its tokens are always accepted, remove the entry.'],
    ['a plain-http trusted issuer off localhost', () => registerTokenExchange(provider(), { policy: { ...policy, trustedIssuers: [{ issuer: 'http://partner.example.com' }] } }), '`policy.trustedIssuers[0].issuer` must use https'],
    ['a plain-http trusted JWKS off localhost', () => registerTokenExchange(provider(), { policy: { ...policy, trustedIssuers: [{ issuer: 'https://partner.example.com', jwksUri: 'http://partner.example.com/jwks' }] } }), '`policy.trustedIssuers[0].jwksUri` must use https'],
    ['a negative clock tolerance', () => registerTokenExchange(provider(), { policy, clockTolerance: -1 }), '`options.clockTolerance` must be a number ≥ 0.'],
    ['a bad JWKS timeout', () => registerTokenExchange(provider(), { policy, jwks: { timeout: -5 } }), '`options.jwks.timeout` must be a whole number of milliseconds ≥ 0.'],
    ['allowInsecureHttp not boolean', () => registerTokenExchange(provider(), { policy, allowInsecureHttp: 'yes' as never }), '`options.allowInsecureHttp` must be true or false.'],
  ];

  it.each(cases)('refuses %s with a TypeError naming the option and the fix', (_name, register, message) => {
    expect(register).toThrow(TypeError);
    expect(register).toThrow(message);
  });

  it('refuses to register twice with the same provider', () => {
    const instance = provider();
    registerTokenExchange(instance, { policy });
    expect(() => registerTokenExchange(instance, { policy })).toThrow(new TypeError('The token-exchange grant is already registered with this provider; call registerTokenExchange once per provider.'));
  });

  it('accepts plain http off localhost when told to, and registers the grant for discovery', async () => {
    const instance = provider();
    expect(() => registerTokenExchange(instance, { policy: { ...policy, trustedIssuers: [{ issuer: 'http://partner.internal' }] }, allowInsecureHttp: true, jwksUri: 'http://auth.internal/jwks' })).not.toThrow();
    const server = (await import('node:http')).createServer(instance.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const metadata = (await (await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).json()) as { grant_types_supported: string[] };
      expect(metadata.grant_types_supported).toContain(TOKEN_EXCHANGE_GRANT_TYPE);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('a provider configured without withTokenExchangeClaims', () => {
  it('fails closed: 500 server_error, no token handed out, the reason audited and a warning naming the fix', async () => {
    const warning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const authority = await startTestAuthority({ wireClaims: false });
    try {
      const basket = await exchangeClient(authority, 'shoppingbasket');
      const outcome = await basket.exchange(exchangeOf(await authority.mintOwn()));
      expect({ status: outcome.status, body: outcome.body }).toEqual({ status: 500, body: { error: 'server_error', error_description: 'the exchange failed' } });
      expect(authority.audits).toEqual([expect.objectContaining({ outcome: 'refused', reason: 'ERR_CLAIMS_NOT_CONFIGURED', error: 'server_error' })]);
      expect(warning).toHaveBeenCalledWith(expect.stringContaining('extraTokenClaims: withTokenExchangeClaims'), { code: 'BATON_TOKEN_EXCHANGE_CLAIMS' });
    } finally {
      await authority.close();
    }
  });
});

describe('an audit sink that fails', () => {
  it('X10: fails the exchange (500) rather than hand out an unrecorded token', async () => {
    const authority = await startTestAuthority({ audit: () => { throw new Error('audit log unavailable'); } });
    try {
      const basket = await exchangeClient(authority, 'shoppingbasket');
      const outcome = await basket.exchange(exchangeOf(await authority.mintOwn()));
      expect(outcome.status).toBe(500);
      expect(outcome.body['access_token']).toBeUndefined();
      expect(outcome.body['error']).toBe('server_error');
    } finally {
      await authority.close();
    }
  });
});
