import { exchangeCacheKey, type ExchangeCacheScope } from './exchange-cache-key.js';
import type { ExchangeRequest } from './exchange-request.js';

const scope: ExchangeCacheScope = {
  authority: 'https://auth.example.com',
  clientId: 'shoppingbasket',
  dialect: 'rfc8693',
  subjectTokenType: 'urn:ietf:params:oauth:token-type:access_token',
  actorTokenType: 'urn:ietf:params:oauth:token-type:access_token',
  requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
};
const request: ExchangeRequest = { audience: 'discount', resource: undefined, scopes: ['discount.read'], subjectToken: 'subject-token-a', actorToken: undefined };
const base = exchangeCacheKey(scope, request);

describe('exchangeCacheKey', () => {
  it('O2: is a 43-character base64url SHA-256 digest, stable for the same inputs', () => {
    expect(base).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(exchangeCacheKey({ ...scope }, { ...request, scopes: ['discount.read'] })).toBe(base);
  });

  it.each<readonly [string, Partial<ExchangeCacheScope>, Partial<ExchangeRequest>]>([
    ['another subject token', {}, { subjectToken: 'subject-token-b' }],
    ['no subject token (client credentials)', {}, { subjectToken: undefined }],
    ['an actor token', {}, { actorToken: 'actor' }],
    ['another audience', {}, { audience: 'eventcatalog' }],
    ['no audience', {}, { audience: undefined }],
    ['a resource', {}, { resource: 'https://discount.example.com' }],
    ['another scope', {}, { scopes: ['discount.write'] }],
    ['an extra scope', {}, { scopes: ['discount.read', 'discount.write'] }],
    ['no scope', {}, { scopes: [] }],
    ['another client', { clientId: 'other' }, {}],
    ['another authority', { authority: 'https://auth2.example.com' }, {}],
    ['another dialect', { dialect: 'entra-obo' }, {}],
    ['another subject token type', { subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt' }, {}],
    ['another requested token type', { requestedTokenType: 'urn:ietf:params:oauth:token-type:id_token' }, {}],
  ])('O2: %s gives another key', (_name, scopeChange, requestChange) => {
    expect(exchangeCacheKey({ ...scope, ...scopeChange }, { ...request, ...requestChange })).not.toBe(base);
  });

  it('O2: two actor tokens give two keys, and the actor type matters only with an actor', () => {
    const withActor = { ...request, actorToken: 'actor-1' };
    expect(exchangeCacheKey(scope, withActor)).not.toBe(exchangeCacheKey(scope, { ...request, actorToken: 'actor-2' }));
    expect(exchangeCacheKey({ ...scope, actorTokenType: 'x' }, withActor)).not.toBe(exchangeCacheKey(scope, withActor));
    expect(exchangeCacheKey({ ...scope, actorTokenType: 'x' }, request)).toBe(base);
  });

  it('O2: no separator ambiguity: moving text between fields changes the key', () => {
    const a = exchangeCacheKey(scope, { ...request, audience: 'a b', scopes: [] });
    const b = exchangeCacheKey(scope, { ...request, audience: 'a', scopes: ['b'] });
    const c = exchangeCacheKey(scope, { ...request, audience: undefined, resource: 'a' });
    const d = exchangeCacheKey(scope, { ...request, audience: 'a', resource: undefined });
    expect(a).not.toBe(b);
    expect(c).not.toBe(d);
  });

  it('O2: the key holds no part of the subject token', () => {
    const subjectToken = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
    const key = exchangeCacheKey(scope, { ...request, subjectToken });
    for (const part of subjectToken.split('.')) expect(key).not.toContain(part.slice(0, 8));
  });
});
