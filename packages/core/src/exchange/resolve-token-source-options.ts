import { isAllowedAuthorityUrl, LOOPBACK_HOSTS } from './is-allowed-authority-url.js';
import { MemoryExchangedTokenStore } from './memory-exchanged-token-store.js';
import { prepareClientKey, type PreparedClientKey } from './prepare-client-key.js';
import { ACCESS_TOKEN_TYPE } from './token-types.js';
import type { ExchangedTokenStore } from './exchanged-token-store.js';
import type {
  ClientAssertionAlgorithm,
  ClientAuthMethod,
  DelegatedTokenSourceOptions,
  TokenExchangeDialect,
} from './delegated-token-source-options.js';

/** Client options, checked. */
export interface ResolvedClient {
  readonly id: string;
  readonly authMethod: ClientAuthMethod;
  readonly secret: string | undefined;
  /** The private key, checked and ready to import (`private_key_jwt`). */
  readonly privateKey: PreparedClientKey | undefined;
}

/** Token source options, checked and complete. */
export interface ResolvedTokenSourceOptions {
  readonly authority: URL;
  /** The authority exactly as configured: the issuer identifier (compared without normalising). */
  readonly issuer: string;
  readonly tokenEndpoint: URL | undefined;
  readonly client: ResolvedClient;
  readonly dialect: TokenExchangeDialect;
  readonly subjectTokenType: string;
  readonly actorTokenType: string;
  readonly requestedTokenType: string;
  readonly allowInsecureHttp: boolean;
  readonly cache: { readonly store: ExchangedTokenStore; readonly skewMs: number; readonly refreshAheadMs: number } | undefined;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly circuitBreaker: { readonly consecutiveFailures: number; readonly halfOpenAfterMs: number } | undefined;
  readonly maxRetryAfterSeconds: number;
}

const AUTH_METHODS: readonly ClientAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
const DIALECTS: readonly TokenExchangeDialect[] = ['rfc8693', 'entra-obo'];
const ASSERTION_ALGORITHMS: readonly ClientAssertionAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Checks token source options once, at construction, and fills in defaults. Every mistake is
 * a `TypeError` whose message names the option (dotted path) and the fix.
 */
export function resolveTokenSourceOptions(options: DelegatedTokenSourceOptions): ResolvedTokenSourceOptions {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('DelegatedTokenSource options must be an object with at least `authority` and `client`.');
  }
  const allowInsecureHttp = options.allowInsecureHttp ?? false;
  if (typeof allowInsecureHttp !== 'boolean') throw new TypeError('`allowInsecureHttp` must be true or false.');
  const dialect = options.dialect ?? 'rfc8693';
  if (!DIALECTS.includes(dialect)) throw new TypeError(`\`dialect\` must be one of ${DIALECTS.map((d) => `"${d}"`).join(', ')}.`);

  return {
    authority: checkUrl(options.authority, 'authority', allowInsecureHttp),
    issuer: options.authority,
    tokenEndpoint: options.tokenEndpoint === undefined ? undefined : checkUrl(options.tokenEndpoint, 'tokenEndpoint', allowInsecureHttp),
    client: resolveClient(options.client),
    dialect,
    subjectTokenType: tokenType(options.subjectTokenType, 'subjectTokenType'),
    actorTokenType: tokenType(options.actorTokenType, 'actorTokenType'),
    requestedTokenType: tokenType(options.requestedTokenType, 'requestedTokenType'),
    allowInsecureHttp,
    cache: resolveCache(options.cache),
    timeoutMs: wholeNumber(options.timeoutMs, 5_000, 'timeoutMs', 1),
    retries: wholeNumber(options.retries, 2, 'retries', 0),
    circuitBreaker: resolveBreaker(options.circuitBreaker),
    maxRetryAfterSeconds: wholeNumber(options.maxRetryAfterSeconds, 60, 'maxRetryAfterSeconds', 1),
  };
}

function checkUrl(value: unknown, path: string, allowInsecureHttp: boolean): URL {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`\`${path}\` must be a non-empty URL such as "https://auth.example.com".`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`\`${path}\` is not a valid URL.`);
  }
  if (url.username !== '' || url.password !== '') throw new TypeError(`\`${path}\` must not carry credentials; put them in \`client\`.`);
  if (isAllowedAuthorityUrl(url, allowInsecureHttp)) return url;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) {
    throw new TypeError(`\`${path}\` uses plain http: set \`allowInsecureHttp: true\` for local development, or use https.`);
  }
  throw new TypeError(`\`${path}\` must use https (plain http is possible for localhost only, with \`allowInsecureHttp: true\`).`);
}

function resolveClient(client: DelegatedTokenSourceOptions['client']): ResolvedClient {
  if (client === null || typeof client !== 'object') {
    throw new TypeError('`client` must be { id, secret } or { id, privateKey }.');
  }
  if (typeof client.id !== 'string' || client.id.trim() === '') throw new TypeError('`client.id` must be the client id at the authority, a non-empty string.');
  const { secret, privateKey } = client;
  if (secret !== undefined && (typeof secret !== 'string' || secret === '')) throw new TypeError('`client.secret` must be a non-empty string.');
  const authMethod = client.authMethod ?? (privateKey !== undefined ? 'private_key_jwt' : 'client_secret_basic');
  if (!AUTH_METHODS.includes(authMethod)) {
    throw new TypeError(`\`client.authMethod\` must be one of ${AUTH_METHODS.map((m) => `"${m}"`).join(', ')}.`);
  }
  if (authMethod === 'private_key_jwt') {
    if (privateKey === undefined) throw new TypeError('`client.privateKey` is required with `client.authMethod: "private_key_jwt"`.');
    if (secret !== undefined) throw new TypeError('`client.secret` is not used with `private_key_jwt`; remove it.');
  } else {
    if (secret === undefined) throw new TypeError(`\`client.secret\` is required with \`client.authMethod: "${authMethod}"\` (or give \`client.privateKey\` for private_key_jwt).`);
    if (privateKey !== undefined) throw new TypeError(`\`client.privateKey\` is not used with \`${authMethod}\`; remove it or set \`client.authMethod: "private_key_jwt"\`.`);
  }
  if (client.keyId !== undefined && (typeof client.keyId !== 'string' || client.keyId === '')) throw new TypeError('`client.keyId` must be a non-empty string.');
  if (client.assertionAlgorithm !== undefined && !ASSERTION_ALGORITHMS.includes(client.assertionAlgorithm)) {
    throw new TypeError(`\`client.assertionAlgorithm\` must be one of ${ASSERTION_ALGORITHMS.join(', ')}.`);
  }
  if ((client.keyId !== undefined || client.assertionAlgorithm !== undefined) && authMethod !== 'private_key_jwt') {
    throw new TypeError('`client.keyId` and `client.assertionAlgorithm` apply to `private_key_jwt` only.');
  }
  return {
    id: client.id,
    authMethod,
    secret,
    privateKey: privateKey === undefined ? undefined : prepareClientKey(privateKey, client.assertionAlgorithm, client.keyId),
  };
}

function tokenType(value: unknown, path: string): string {
  if (value === undefined) return ACCESS_TOKEN_TYPE;
  if (typeof value !== 'string' || !/^\S+$/.test(value)) {
    throw new TypeError(`\`${path}\` must be a token type URI such as "${ACCESS_TOKEN_TYPE}".`);
  }
  return value;
}

function wholeNumber(value: unknown, fallback: number, path: string, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new TypeError(`\`${path}\` must be a whole number ≥ ${min}.`);
  return value;
}

function resolveCache(cache: DelegatedTokenSourceOptions['cache']): ResolvedTokenSourceOptions['cache'] {
  if (cache === false) return undefined;
  if (cache !== undefined && (cache === null || typeof cache !== 'object')) {
    throw new TypeError('`cache` must be false or { maxEntries?, maxBytes?, skewSeconds?, refreshAheadSeconds?, store? }.');
  }
  const store = cache?.store;
  if (store !== undefined && (store === null || typeof store !== 'object' || ['get', 'set', 'delete'].some((m) => typeof (store as unknown as Record<string, unknown>)[m] !== 'function'))) {
    throw new TypeError('`cache.store` must implement ExchangedTokenStore: get(key), set(key, entry, ttlMs) and delete(key).');
  }
  const maxEntries = wholeNumber(cache?.maxEntries, 10_000, 'cache.maxEntries', 1);
  const maxBytes = wholeNumber(cache?.maxBytes, 16 * 1024 * 1024, 'cache.maxBytes', 1);
  return {
    store: store ?? new MemoryExchangedTokenStore({ maxEntries, maxBytes }),
    skewMs: wholeNumber(cache?.skewSeconds, 30, 'cache.skewSeconds', 0) * 1000,
    refreshAheadMs: wholeNumber(cache?.refreshAheadSeconds, 60, 'cache.refreshAheadSeconds', 0) * 1000,
  };
}

function resolveBreaker(breaker: DelegatedTokenSourceOptions['circuitBreaker']): ResolvedTokenSourceOptions['circuitBreaker'] {
  if (breaker === false) return undefined;
  if (breaker !== undefined && (breaker === null || typeof breaker !== 'object')) {
    throw new TypeError('`circuitBreaker` must be false or { consecutiveFailures?, halfOpenAfterMs? }.');
  }
  return {
    consecutiveFailures: wholeNumber(breaker?.consecutiveFailures, 5, 'circuitBreaker.consecutiveFailures', 1),
    halfOpenAfterMs: wholeNumber(breaker?.halfOpenAfterMs, 10_000, 'circuitBreaker.halfOpenAfterMs', 1),
  };
}
