import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import { TokenExchangeFailedError } from '../errors/token-exchange-failed.error.js';
import { DelegatedTokenSource } from './delegated-token-source.js';
import { CLIENT_ID, CLIENT_SECRET, startExchangeFixture, type ExchangeFixture } from './exchange.test-helpers.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';

let fx: ExchangeFixture;
beforeEach(async () => {
  fx = await startExchangeFixture();
});
afterEach(async () => {
  await fx.close();
});

/** The last token request the stub received, as a plain object of its form (and whether params repeat). */
function lastForm(): Record<string, string> {
  const request = fx.stub.requests.at(-1)!;
  const keys = [...request.form.keys()];
  expect(new Set(keys).size).toBe(keys.length);
  return Object.fromEntries(request.form);
}

/** The form-url-decoded id and secret of a Basic header; exactly one unencoded colon separates them. */
function basicCredentials(header: string | undefined): string[] {
  expect(header).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
  const parts = Buffer.from(header!.slice('Basic '.length), 'base64').toString('utf8').split(':');
  expect(parts).toHaveLength(2);
  return parts.map((part) => decodeURIComponent(part.replace(/\+/g, ' ')));
}

describe('discovery of the token endpoint', () => {
  it('finds the token endpoint by OpenID discovery once, then reuses it', async () => {
    const source = fx.source({ tokenEndpoint: undefined });
    await source.tokenFor({ audience: 'discount' }, await fx.subject('alice'));
    await source.tokenFor({ audience: 'eventcatalog' }, await fx.subject('alice'));

    expect(fx.stub.discoveryRequests).toBe(1);
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('falls back to RFC 8414 metadata when there is no OpenID configuration', async () => {
    const { StubTokenEndpoint } = await import('./stub-token-endpoint.test-helpers.js');
    const stub = await StubTokenEndpoint.start({ oauthMetadataOnly: true });
    const source = new DelegatedTokenSource({ authority: stub.origin, client: { id: 'c', secret: 's' }, allowInsecureHttp: true });
    try {
      await expect(source.tokenFor({ audience: 'discount' }, await fx.subject('alice'))).resolves.toMatchObject({ tokenType: 'Bearer' });
      expect(stub.discoveryRequests).toBe(1);
      expect(stub.requests).toHaveLength(1);
    } finally {
      await source.close();
      await stub.close();
    }
  });

  it('a failed discovery is not kept: the next call discovers again', async () => {
    fx.stub.setMetadata({ issuer: 'https://someone-else.example.com' });
    const source = fx.source({ tokenEndpoint: undefined });
    await expect(source.tokenFor({ audience: 'discount' }, await fx.subject('alice'))).rejects.toMatchObject({ code: 'ERR_EXCHANGE_METADATA' });
    expect(fx.stub.requests).toHaveLength(0);
    fx.stub.setMetadata(undefined);

    await expect(source.tokenFor({ audience: 'discount' }, await fx.subject('alice'))).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(fx.stub.discoveryRequests).toBe(3);
    expect(fx.stub.requests).toHaveLength(1);
  });

  it('skips discovery when the token endpoint is given', async () => {
    await fx.source().tokenFor({ audience: 'discount' }, await fx.subject('alice'));

    expect(fx.stub.discoveryRequests).toBe(0);
    expect(fx.stub.requests).toHaveLength(1);
  });

  it('refuses discovered metadata whose issuer differs from the authority (ERR_EXCHANGE_METADATA, 502)', async () => {
    const source = fx.source({ tokenEndpoint: undefined, authority: `${fx.stub.origin}/other` });
    const error = await source.tokenFor({ audience: 'discount' }, await fx.subject('alice')).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TokenExchangeFailedError);
    expect((error as TokenExchangeFailedError).code).toBe('ERR_EXCHANGE_METADATA');
    expect((error as TokenExchangeFailedError).status).toBe(502);
    expect(fx.stub.requests).toHaveLength(0);
  });
});

describe('client authentication on the wire', () => {
  it('client_secret_basic (default): form-encoded id and secret in a Basic header, nothing in the body', async () => {
    await fx.source().tokenFor({ audience: 'discount' }, await fx.subject('alice'));
    const request = fx.stub.requests[0]!;

    expect(basicCredentials(request.headers.authorization)).toEqual([CLIENT_ID, CLIENT_SECRET]);
    expect(request.form.has('client_secret')).toBe(false);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded;charset=UTF-8');
  });

  it('client_secret_basic: a secret with reserved characters is form-url-encoded (RFC 6749 §2.3.1)', async () => {
    const secret = 'a:b c+d%e';
    await fx.source({ client: { id: 'svc:1', secret } }).tokenFor({ audience: 'discount' }, await fx.subject('alice'));
    const header = fx.stub.requests[0]!.headers.authorization!;

    expect(Buffer.from(header.slice('Basic '.length), 'base64').toString()).toMatch(/^svc%3A1:a%3Ab(\+|%20)c%2Bd%25e$/);
    expect(basicCredentials(header)).toEqual(['svc:1', secret]);
  });

  it('client_secret_post: id and secret in the body, no Authorization header', async () => {
    await fx.source({ client: { id: CLIENT_ID, secret: CLIENT_SECRET, authMethod: 'client_secret_post' } }).tokenFor({ audience: 'discount' }, await fx.subject('alice'));
    const request = fx.stub.requests[0]!;

    expect(request.headers.authorization).toBeUndefined();
    expect(request.form.get('client_id')).toBe(CLIENT_ID);
    expect(request.form.get('client_secret')).toBe(CLIENT_SECRET);
  });

  const keys: ReadonlyArray<readonly [string, () => { privateKey: unknown; publicKey: KeyObject; alg: string; kid?: string }]> = [
    ['an EC P-256 KeyObject → ES256', () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      return { privateKey, publicKey, alg: 'ES256' };
    }],
    ['an RSA private JWK with its kid → RS256', () => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return { privateKey: { ...privateKey.export({ format: 'jwk' }), kid: 'rsa-1' }, publicKey, alg: 'RS256', kid: 'rsa-1' };
    }],
    ['an Ed25519 PKCS#8 PEM → EdDSA', () => {
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      return { privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKey, alg: 'EdDSA' };
    }],
  ];

  it.each(keys)('private_key_jwt with %s: a signed client assertion, no secret', async (_name, makeKey) => {
    const key = makeKey();
    const source = fx.source({ client: { id: CLIENT_ID, privateKey: key.privateKey as KeyObject } });
    await source.tokenFor({ audience: 'discount' }, await fx.subject('alice'));
    const form = fx.stub.requests[0]!.form;

    expect(fx.stub.requests[0]!.headers.authorization).toBeUndefined();
    expect(form.get('client_id')).toBe(CLIENT_ID);
    expect(form.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const { payload, protectedHeader } = await jwtVerify(form.get('client_assertion')!, key.publicKey, { issuer: CLIENT_ID, subject: CLIENT_ID, audience: fx.stub.origin });
    expect(protectedHeader.alg === key.alg || (key.alg === 'EdDSA' && protectedHeader.alg === 'Ed25519')).toBe(true);
    expect(protectedHeader.kid).toBe(key.kid);
    expect(typeof payload.jti).toBe('string');
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(60);
  });

  it('private_key_jwt: keyId and assertionAlgorithm override what the key implies (PS256)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await fx.source({ client: { id: CLIENT_ID, privateKey, keyId: 'k-7', assertionAlgorithm: 'PS256' } }).tokenFor({ audience: 'discount' }, await fx.subject('alice'));
    const { protectedHeader } = await jwtVerify(fx.stub.requests[0]!.form.get('client_assertion')!, publicKey, { algorithms: ['PS256'] });

    expect(protectedHeader).toMatchObject({ alg: 'PS256', kid: 'k-7' });
  });

  it('private_key_jwt for Entra ID: the assertion audience is the token endpoint', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await fx.source({ dialect: 'entra-obo', client: { id: CLIENT_ID, privateKey } }).tokenFor({ scope: ['api://discount/.default'] }, await fx.subject('alice'));

    const { payload } = await jwtVerify(fx.stub.requests[0]!.form.get('client_assertion')!, publicKey);
    expect(payload.aud).toBe(fx.stub.tokenEndpoint);
  });
});

describe('RFC 8693 token exchange parameters', () => {
  it('sends the subject token and its type, the audience, the resource, sorted scopes and the requested type', async () => {
    const subject = await fx.subject('alice');
    await fx.source().tokenFor({ audience: 'discount', resource: 'https://discount.example.com/', scope: ['discount.write', 'discount.read'] }, subject);

    expect(lastForm()).toEqual({
      grant_type: TOKEN_EXCHANGE,
      subject_token: subject,
      subject_token_type: ACCESS_TOKEN,
      requested_token_type: ACCESS_TOKEN,
      audience: 'discount',
      resource: 'https://discount.example.com/',
      scope: 'discount.read discount.write',
    });
  });

  it('leaves out what the target does not name', async () => {
    const subject = await fx.subject('alice');
    await fx.source().tokenFor({ audience: 'discount' }, subject);

    expect(lastForm()).toEqual({ grant_type: TOKEN_EXCHANGE, subject_token: subject, subject_token_type: ACCESS_TOKEN, requested_token_type: ACCESS_TOKEN, audience: 'discount' });
  });

  it('adds the actor token and its type when given', async () => {
    const subject = await fx.subject('alice');
    const actor = await fx.issuer.mint({ sub: 'svc-gateway' });
    await fx.source().tokenFor({ resource: 'https://discount.example.com' }, subject, actor);

    expect(lastForm()).toMatchObject({ actor_token: actor, actor_token_type: ACCESS_TOKEN, resource: 'https://discount.example.com' });
  });

  it('uses the configured token types', async () => {
    const subject = await fx.subject('alice');
    const jwtType = 'urn:ietf:params:oauth:token-type:jwt';
    await fx.source({ subjectTokenType: jwtType, actorTokenType: jwtType, requestedTokenType: jwtType }).tokenFor({ audience: 'discount' }, subject, subject);

    expect(lastForm()).toMatchObject({ subject_token_type: jwtType, actor_token_type: jwtType, requested_token_type: jwtType });
  });

  it('O1: the subject token travels only as subject_token, never in a header or the URL', async () => {
    const subject = await fx.subject('alice');
    await fx.source().tokenFor({ audience: 'discount' }, subject);
    const request = fx.stub.requests[0]!;

    expect(JSON.stringify(request.headers)).not.toContain(subject);
    expect(request.path).toBe('/token');
    expect(request.raw.split(subject)).toHaveLength(2);
  });
});

describe('client credentials (no subject token)', () => {
  it('asks for a token as the client itself, with the target as parameters', async () => {
    await fx.source().tokenFor({ audience: 'eventcatalog', resource: 'https://eventcatalog.example.com', scope: ['eventcatalog.read'] });

    expect(lastForm()).toEqual({ grant_type: 'client_credentials', audience: 'eventcatalog', resource: 'https://eventcatalog.example.com', scope: 'eventcatalog.read' });
  });

  it('Entra ID: client credentials carry only the scope', async () => {
    await fx.source({ dialect: 'entra-obo' }).tokenFor({ audience: 'api://eventcatalog' });

    expect(lastForm()).toEqual({ grant_type: 'client_credentials', scope: 'api://eventcatalog/.default' });
  });
});

describe('Entra ID on-behalf-of dialect', () => {
  it('sends the jwt-bearer grant with the assertion, requested_token_use and the scope', async () => {
    const subject = await fx.subject('alice');
    await fx.source({ dialect: 'entra-obo' }).tokenFor({ scope: ['api://discount/.default'] }, subject);

    expect(lastForm()).toEqual({ grant_type: JWT_BEARER, assertion: subject, requested_token_use: 'on_behalf_of', scope: 'api://discount/.default' });
  });

  it('derives the scope "<audience>/.default" from an audience alone', async () => {
    await fx.source({ dialect: 'entra-obo' }).tokenFor({ audience: 'api://discount' }, await fx.subject('alice'));

    expect(lastForm()).toMatchObject({ scope: 'api://discount/.default' });
    expect(lastForm()).not.toHaveProperty('audience');
  });

  it('accepts a response without issued_token_type (Entra does not send it)', async () => {
    const token = await fx.source({ dialect: 'entra-obo' }).tokenFor({ scope: ['api://discount/.default'] }, await fx.subject('alice'));

    expect(token.issuedTokenType).toBe(ACCESS_TOKEN);
    expect(token.tokenType).toBe('Bearer');
  });

  it.each([
    ['a resource', { resource: 'https://discount.example.com' }, undefined, '`target.resource` is not used by Entra ID'],
    ['an actor token', { scope: ['api://d/.default'] }, 'actor', '`actorToken` is not part of Entra ID'],
  ])('refuses %s with a TypeError before any request', async (_name, target, actor, message) => {
    const error = await fx.source({ dialect: 'entra-obo' }).tokenFor(target, await fx.subject('alice'), actor).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(message);
    expect(fx.stub.requests).toHaveLength(0);
  });
});

describe('plain http is for localhost only, and only when allowed', () => {
  it.each([
    ['http on localhost without allowInsecureHttp', { authority: 'http://localhost:4000', allowInsecureHttp: false }, '`authority` uses plain http: set `allowInsecureHttp: true`'],
    ['http on another host even with allowInsecureHttp', { authority: 'http://auth.internal', allowInsecureHttp: true }, '`authority` must use https'],
    ['an http token endpoint on another host', { authority: 'https://auth.example.com', tokenEndpoint: 'http://auth.example.com/token', allowInsecureHttp: true }, '`tokenEndpoint` must use https'],
  ])('refuses %s at construction', (_name, overrides, message) => {
    expect(() => new DelegatedTokenSource({ client: { id: 'c', secret: 's' }, ...overrides })).toThrow(message);
  });

  it.each(['https://auth.example.com', 'http://127.0.0.1:4000', 'http://[::1]:4000'])('accepts %s (http with allowInsecureHttp)', (authority) => {
    expect(() => new DelegatedTokenSource({ authority, client: { id: 'c', secret: 's' }, allowInsecureHttp: true })).not.toThrow();
  });

  it('refuses a discovered token endpoint that is plain http on another host (ERR_EXCHANGE_METADATA)', async () => {
    await fx.stub.close();
    const { StubTokenEndpoint } = await import('./stub-token-endpoint.test-helpers.js');
    const stub = await StubTokenEndpoint.start({ metadata: { token_endpoint: 'http://evil.example.com/token' } });
    const source = new DelegatedTokenSource({ authority: stub.origin, client: { id: 'c', secret: 's' }, allowInsecureHttp: true, retries: 0 });
    try {
      const error = await source.tokenFor({ audience: 'discount' }, await fx.subject('alice')).catch((e: unknown) => e);
      expect((error as TokenExchangeFailedError).code).toBe('ERR_EXCHANGE_METADATA');
      expect(stub.requests).toHaveLength(0);
    } finally {
      await source.close();
      await stub.close();
    }
  });
});
