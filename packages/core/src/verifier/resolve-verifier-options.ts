import { isSupportedAlgorithm, SUPPORTED_ALGORITHMS, type SupportedAlgorithm } from '../jws/algorithms.js';
import { isAllowedUrl } from '../keys/is-allowed-url.js';
import { DEFAULT_JWKS_OPTIONS, type ResolvedJwksOptions } from '../keys/jwks-options.js';
import type { AccessTokenVerifierOptions, TrustedIssuer } from './access-token-verifier-options.js';

/** One issuer's settings, checked and complete. */
export interface ResolvedIssuer {
  readonly issuer: string;
  readonly jwksUri: URL | undefined;
  readonly algorithms: ReadonlySet<string>;
  readonly accessTokenProfile: boolean;
}

/** Verifier options, checked and complete. */
export interface ResolvedVerifierOptions {
  readonly issuers: ReadonlyMap<string, ResolvedIssuer>;
  readonly audiences: ReadonlySet<string>;
  readonly clockTolerance: number;
  readonly maxTokenAge: number | undefined;
  readonly maxTokenLength: number;
  readonly maxActorDepth: number;
  readonly jwks: ResolvedJwksOptions;
  readonly cache: { readonly maxEntries: number; readonly maxBytes: number } | undefined;
  readonly allowInsecureHttp: boolean;
}

/**
 * Checks verifier options once, at start-up, and fills in defaults. Every mistake is a
 * `TypeError` whose message names the option and says how to fix it.
 */
export function resolveVerifierOptions(options: AccessTokenVerifierOptions): ResolvedVerifierOptions {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('Verifier options must be an object with at least `issuer` and `audience`.');
  }
  const allowHttp = options.allowInsecureHttp === true;
  const algorithms = resolveAlgorithms(options.algorithms, 'algorithms', SUPPORTED_ALGORITHMS);
  const accessTokenProfile = options.accessTokenProfile ?? true;
  if (typeof accessTokenProfile !== 'boolean') throw new TypeError('`accessTokenProfile` must be true or false.');

  const issuerList = Array.isArray(options.issuer) ? options.issuer : [options.issuer];
  if (issuerList.length === 0) throw new TypeError('`issuer` must name at least one trusted issuer, e.g. "https://auth.example.com".');
  const issuers = new Map<string, ResolvedIssuer>();
  issuerList.forEach((entry: string | TrustedIssuer, index: number) => {
    const path = Array.isArray(options.issuer) ? `issuer[${index}]` : 'issuer';
    const trusted = typeof entry === 'string' ? { issuer: entry } : entry;
    if (trusted === null || typeof trusted !== 'object') throw new TypeError(`\`${path}\` must be an issuer URL or { issuer, jwksUri? }.`);
    const issuer = trusted.issuer;
    checkUrl(issuer, typeof entry === 'string' ? path : `${path}.issuer`, allowHttp);
    if (issuers.has(issuer)) throw new TypeError(`\`${path}\` repeats the issuer ${issuer}; list each issuer once.`);
    if (trusted.jwksUri !== undefined) checkUrl(trusted.jwksUri, `${path}.jwksUri`, allowHttp);
    const profile = trusted.accessTokenProfile ?? accessTokenProfile;
    if (typeof profile !== 'boolean') throw new TypeError(`\`${path}.accessTokenProfile\` must be true or false.`);
    issuers.set(issuer, {
      issuer,
      jwksUri: trusted.jwksUri === undefined ? undefined : new URL(trusted.jwksUri),
      algorithms: new Set(trusted.algorithms === undefined ? algorithms : resolveAlgorithms(trusted.algorithms, `${path}.algorithms`, algorithms)),
      accessTokenProfile: profile,
    });
  });

  const audienceList = typeof options.audience === 'string' ? [options.audience] : options.audience;
  if (!Array.isArray(audienceList) || audienceList.length === 0 || audienceList.some((a) => typeof a !== 'string' || a.trim() === '')) {
    throw new TypeError('`audience` must be this service\'s audience, a non-empty string such as "eventcatalog" (or a non-empty list of them).');
  }

  return {
    issuers,
    audiences: new Set(audienceList),
    clockTolerance: nonNegative(options.clockTolerance, 5, 'clockTolerance'),
    maxTokenAge: options.maxTokenAge === undefined ? undefined : nonNegative(options.maxTokenAge, 0, 'maxTokenAge'),
    maxTokenLength: positiveInteger(options.maxTokenLength, 16_384, 'maxTokenLength'),
    maxActorDepth: positiveInteger(options.maxActorDepth, 8, 'maxActorDepth'),
    jwks: resolveJwks(options.jwks),
    cache: resolveCache(options.verifiedTokenCache),
    allowInsecureHttp: allowHttp,
  };
}

function resolveAlgorithms(value: unknown, path: string, allowed: readonly string[]): SupportedAlgorithm[] {
  if (value === undefined) return [...allowed] as SupportedAlgorithm[];
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`\`${path}\` must be a non-empty list of algorithms, e.g. ["RS256", "ES256"].`);
  }
  for (const alg of value) {
    if (!isSupportedAlgorithm(alg)) {
      throw new TypeError(`\`${path}\` contains ${JSON.stringify(alg)}, which is not allowed: use asymmetric algorithms only (${SUPPORTED_ALGORITHMS.join(', ')}). HS* and "none" are never accepted.`);
    }
    if (!allowed.includes(alg)) throw new TypeError(`\`${path}\` contains ${alg}, which the verifier's \`algorithms\` does not allow.`);
  }
  return value as SupportedAlgorithm[];
}

function checkUrl(value: unknown, path: string, allowHttp: boolean): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`\`${path}\` must be a non-empty URL such as "https://auth.example.com".`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`\`${path}\` is not a valid URL: ${JSON.stringify(value)}.`);
  }
  if (isAllowedUrl(url, allowHttp)) return;
  throw new TypeError(`\`${path}\` must use https (plain http is accepted for localhost only, or with \`allowInsecureHttp: true\`).`);
}

function nonNegative(value: unknown, fallback: number, path: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`\`${path}\` must be a number ≥ 0.`);
  return value;
}

function positiveInteger(value: unknown, fallback: number, path: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new TypeError(`\`${path}\` must be a whole number > 0.`);
  return value;
}

function resolveJwks(jwks: AccessTokenVerifierOptions['jwks']): ResolvedJwksOptions {
  if (jwks === undefined) return DEFAULT_JWKS_OPTIONS;
  if (jwks === null || typeof jwks !== 'object') throw new TypeError('`jwks` must be an object of durations in milliseconds.');
  const resolved = { ...DEFAULT_JWKS_OPTIONS };
  for (const key of Object.keys(DEFAULT_JWKS_OPTIONS) as Array<keyof ResolvedJwksOptions>) {
    if (jwks[key] !== undefined) {
      const value = jwks[key];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new TypeError(`\`jwks.${key}\` must be a whole number of milliseconds ≥ 0.`);
      resolved[key] = value;
    }
  }
  for (const key of Object.keys(jwks)) {
    if (!(key in DEFAULT_JWKS_OPTIONS)) throw new TypeError(`\`jwks.${key}\` is not an option; known ones: ${Object.keys(DEFAULT_JWKS_OPTIONS).join(', ')}.`);
  }
  return Object.freeze(resolved);
}

function resolveCache(cache: AccessTokenVerifierOptions['verifiedTokenCache']): ResolvedVerifierOptions['cache'] {
  if (cache === false) return undefined;
  if (cache !== undefined && (cache === null || typeof cache !== 'object')) {
    throw new TypeError('`verifiedTokenCache` must be false or { maxEntries?, maxBytes? }.');
  }
  return {
    maxEntries: positiveInteger(cache?.maxEntries, 10_000, 'verifiedTokenCache.maxEntries'),
    maxBytes: positiveInteger(cache?.maxBytes, 32 * 1024 * 1024, 'verifiedTokenCache.maxBytes'),
  };
}
