import { generateKeyPairSync } from 'node:crypto';
import { MemoryExchangedTokenStore } from './memory-exchanged-token-store.js';
import type { DelegatedTokenSourceOptions } from './delegated-token-source-options.js';
import { resolveTokenSourceOptions } from './resolve-token-source-options.js';

const base: DelegatedTokenSourceOptions = { authority: 'https://auth.example.com', client: { id: 'shoppingbasket', secret: 's3cret' } };

describe('resolveTokenSourceOptions', () => {
  it('fills in the defaults', () => {
    const resolved = resolveTokenSourceOptions(base);

    expect(resolved).toMatchObject({
      issuer: 'https://auth.example.com',
      tokenEndpoint: undefined,
      client: { id: 'shoppingbasket', authMethod: 'client_secret_basic', secret: 's3cret', privateKey: undefined },
      dialect: 'rfc8693',
      subjectTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      actorTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      allowInsecureHttp: false,
      cache: { skewMs: 30_000, refreshAheadMs: 60_000 },
      timeoutMs: 5_000,
      retries: 2,
      circuitBreaker: { consecutiveFailures: 5, halfOpenAfterMs: 10_000 },
      maxRetryAfterSeconds: 60,
    });
    expect(resolved.cache!.store).toBeInstanceOf(MemoryExchangedTokenStore);
  });

  it('defaults to private_key_jwt with a private key, deriving the algorithm from the key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const resolved = resolveTokenSourceOptions({ ...base, client: { id: 'c', privateKey } });

    expect(resolved.client.authMethod).toBe('private_key_jwt');
    expect(resolved.client.privateKey).toMatchObject({ kind: 'jwk', alg: 'ES384', kid: undefined });
  });

  it('turns the cache and the breaker off with false, and keeps a given store', () => {
    const store = new MemoryExchangedTokenStore();
    expect(resolveTokenSourceOptions({ ...base, cache: false, circuitBreaker: false })).toMatchObject({ cache: undefined, circuitBreaker: undefined });
    expect(resolveTokenSourceOptions({ ...base, cache: { store } }).cache!.store).toBe(store);
  });

  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { privateKey: dsaKey } = generateKeyPairSync('x25519');
  const bad: ReadonlyArray<readonly [string, Partial<DelegatedTokenSourceOptions> | Record<string, unknown>, string]> = [
    ['no authority', { authority: undefined }, '`authority` must be a non-empty URL'],
    ['a bad URL', { authority: 'not a url' }, '`authority` is not a valid URL'],
    ['credentials in the URL', { authority: 'https://u:p@auth.example.com' }, '`authority` must not carry credentials'],
    ['ftp', { authority: 'ftp://auth.example.com' }, '`authority` must use https'],
    ['an http token endpoint', { tokenEndpoint: 'http://auth.example.com/token' }, '`tokenEndpoint` must use https'],
    ['no client', { client: undefined }, '`client` must be { id, secret } or { id, privateKey }'],
    ['an empty client id', { client: { id: '', secret: 's' } }, '`client.id` must be the client id'],
    ['no credentials', { client: { id: 'c' } }, '`client.secret` is required with `client.authMethod: "client_secret_basic"`'],
    ['an empty secret', { client: { id: 'c', secret: '' } }, '`client.secret` must be a non-empty string'],
    ['an unknown auth method', { client: { id: 'c', secret: 's', authMethod: 'tls_client_auth' } }, '`client.authMethod` must be one of'],
    ['private_key_jwt without a key', { client: { id: 'c', secret: 's', authMethod: 'private_key_jwt' } }, '`client.privateKey` is required'],
    ['a secret and a key', { client: { id: 'c', secret: 's', privateKey: 'x', authMethod: 'private_key_jwt' } }, '`client.secret` is not used with `private_key_jwt`'],
    ['a key with client_secret_post', { client: { id: 'c', secret: 's', privateKey: 'x', authMethod: 'client_secret_post' } }, '`client.privateKey` is not used with `client_secret_post`'],
    ['a public key', { client: { id: 'c', privateKey: publicKey } }, 'this key is public'],
    ['a public JWK', { client: { id: 'c', privateKey: publicKey.export({ format: 'jwk' }) } }, 'this JWK has no "d"'],
    ['a PEM that is not PKCS#8', { client: { id: 'c', privateKey: '-----BEGIN RSA PRIVATE KEY-----' } }, 'this string is not a PKCS#8 PEM'],
    ['a broken PEM', { client: { id: 'c', privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' } }, '`client.privateKey` could not be read'],
    ['an X25519 key (cannot sign)', { client: { id: 'c', privateKey: dsaKey } }, 'private_key_jwt here signs with RSA, EC P-256/384/521 or Ed25519 keys'],
    ['a number as key', { client: { id: 'c', privateKey: 42 } }, '`client.privateKey` must be a private KeyObject'],
    ['an unknown assertion algorithm', { client: { id: 'c', privateKey: generateKeyPairSync('ed25519').privateKey, assertionAlgorithm: 'HS256' } }, '`client.assertionAlgorithm` must be one of'],
    ['keyId with a secret', { client: { id: 'c', secret: 's', keyId: 'k' } }, 'apply to `private_key_jwt` only'],
    ['an unknown dialect', { dialect: 'okta' }, '`dialect` must be one of "rfc8693", "entra-obo"'],
    ['allowInsecureHttp not boolean', { allowInsecureHttp: 'yes' }, '`allowInsecureHttp` must be true or false'],
    ['a token type with a space', { subjectTokenType: 'a b' }, '`subjectTokenType` must be a token type URI'],
    ['timeoutMs 0', { timeoutMs: 0 }, '`timeoutMs` must be a whole number ≥ 1'],
    ['negative retries', { retries: -1 }, '`retries` must be a whole number ≥ 0'],
    ['fractional retries', { retries: 1.5 }, '`retries` must be a whole number ≥ 0'],
    ['maxRetryAfterSeconds 0', { maxRetryAfterSeconds: 0 }, '`maxRetryAfterSeconds` must be a whole number ≥ 1'],
    ['a cache that is true', { cache: true }, '`cache` must be false or {'],
    ['cache.maxEntries 0', { cache: { maxEntries: 0 } }, '`cache.maxEntries` must be a whole number ≥ 1'],
    ['cache.skewSeconds negative', { cache: { skewSeconds: -1 } }, '`cache.skewSeconds` must be a whole number ≥ 0'],
    ['cache.refreshAheadSeconds fractional', { cache: { refreshAheadSeconds: 0.5 } }, '`cache.refreshAheadSeconds` must be a whole number ≥ 0'],
    ['a store without delete', { cache: { store: { get() {}, set() {} } } }, '`cache.store` must implement ExchangedTokenStore'],
    ['a breaker that is true', { circuitBreaker: true }, '`circuitBreaker` must be false or {'],
    ['circuitBreaker.consecutiveFailures 0', { circuitBreaker: { consecutiveFailures: 0 } }, '`circuitBreaker.consecutiveFailures` must be a whole number ≥ 1'],
    ['circuitBreaker.halfOpenAfterMs 0', { circuitBreaker: { halfOpenAfterMs: 0 } }, '`circuitBreaker.halfOpenAfterMs` must be a whole number ≥ 1'],
  ];

  it.each(bad)('refuses %s with a TypeError naming the option', (_name, change, message) => {
    const options = { ...base, ...change } as DelegatedTokenSourceOptions;
    expect(() => resolveTokenSourceOptions(options)).toThrow(TypeError);
    expect(() => resolveTokenSourceOptions(options)).toThrow(message);
  });

  it('refuses options that are not an object', () => {
    expect(() => resolveTokenSourceOptions(undefined as never)).toThrow('DelegatedTokenSource options must be an object');
  });
});
