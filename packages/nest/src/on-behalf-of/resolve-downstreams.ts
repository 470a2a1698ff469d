import { Downstream, type DownstreamSettings } from './downstream.js';
import type { DownstreamOptions, DownstreamResilienceOptions, OnBehalfOfModuleOptions } from './on-behalf-of-module-options.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const NAME = /^[A-Za-z][\w.-]*$/;
/** RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const DOWNSTREAM_KEYS = new Set(['baseUrl', 'audience', 'resource', 'scope', 'allowClientCredentials', 'maxRedirects', 'resilience']);
const DEFAULTS = { timeoutMs: 10_000, retries: 2, consecutiveFailures: 5, halfOpenAfterMs: 10_000, maxRedirects: 5 };

/**
 * Checks the Nest-side options of the on-behalf-of module once, at start-up, and builds the
 * downstreams. Every mistake is a `TypeError` naming the option by its dotted path and the fix.
 * (The authority and client options are checked by the token source.)
 */
export function resolveDownstreams(options: OnBehalfOfModuleOptions): Downstream[] {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('OnBehalfOfModule options must be an object with `authority`, `client` and `downstreams`.');
  }
  if (options.attachToHttpServices !== undefined && typeof options.attachToHttpServices !== 'boolean') {
    throw new TypeError('`attachToHttpServices` must be true or false.');
  }
  const defaults = resolveResilience('resilience', options.resilience, {
    timeoutMs: DEFAULTS.timeoutMs,
    retries: DEFAULTS.retries,
    circuitBreaker: { consecutiveFailures: DEFAULTS.consecutiveFailures, halfOpenAfterMs: DEFAULTS.halfOpenAfterMs },
  });
  const downstreams = options.downstreams as unknown;
  if (downstreams === null || typeof downstreams !== 'object' || Array.isArray(downstreams) || Object.keys(downstreams).length === 0) {
    throw new TypeError('`downstreams` must name at least one downstream, e.g. { discount: { baseUrl: "https://discount.internal", audience: "discount" } }.');
  }
  const resolved = Object.entries(downstreams).map(([name, value]) => resolveDownstream(name, value as unknown, options.allowInsecureHttp === true, defaults));
  const seen = new Map<string, string>();
  for (const downstream of resolved) {
    const base = `${downstream.origin}${downstream.basePath}`;
    const other = seen.get(base);
    if (other !== undefined) {
      throw new TypeError(`\`downstreams.${downstream.name}.baseUrl\` is the same as \`downstreams.${other}.baseUrl\`; give each base URL to one downstream.`);
    }
    seen.set(base, downstream.name);
  }
  return resolved;
}

type Resilience = Pick<DownstreamSettings, 'timeoutMs' | 'retries' | 'circuitBreaker'>;

function resolveDownstream(name: string, value: unknown, allowInsecureHttp: boolean, defaults: Resilience): Downstream {
  if (!NAME.test(name)) {
    throw new TypeError(`\`downstreams\` has a downstream named ${JSON.stringify(name)}; use letters, digits, ".", "_" and "-", starting with a letter.`);
  }
  const path = `downstreams.${name}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`\`${path}\` must be an object such as { baseUrl: "https://${name}.internal", audience: "${name}" }.`);
  }
  const options = value as DownstreamOptions;
  for (const key of Object.keys(options)) {
    if (!DOWNSTREAM_KEYS.has(key)) throw new TypeError(`\`${path}.${key}\` is not an option; the options are ${[...DOWNSTREAM_KEYS].join(', ')}.`);
  }
  const baseUrl = resolveBaseUrl(`${path}.baseUrl`, options.baseUrl, allowInsecureHttp);
  const audience = optionalString(`${path}.audience`, options.audience, 'the audience the downstream accepts, e.g. "discount"');
  const resource = optionalString(`${path}.resource`, options.resource, 'an absolute URI such as "https://discount.internal/"');
  if (resource !== undefined) checkResource(`${path}.resource`, resource);
  const scope = resolveScope(`${path}.scope`, options.scope);
  if (audience === undefined && resource === undefined && scope.length === 0) {
    throw new TypeError(
      `\`${path}\` needs an \`audience\` (e.g. "${name}"), a \`resource\` or a \`scope\` (Entra ID: "api://${name}/.default") to ask the token for.`,
    );
  }
  if (options.allowClientCredentials !== undefined && typeof options.allowClientCredentials !== 'boolean') {
    throw new TypeError(`\`${path}.allowClientCredentials\` must be true or false.`);
  }
  const maxRedirects = options.maxRedirects ?? DEFAULTS.maxRedirects;
  checkInteger(`${path}.maxRedirects`, maxRedirects, 0, 20);
  return new Downstream({
    name,
    baseUrl,
    target: {
      ...(audience === undefined ? {} : { audience }),
      ...(resource === undefined ? {} : { resource }),
      ...(scope.length === 0 ? {} : { scope }),
    },
    allowClientCredentials: options.allowClientCredentials === true,
    maxRedirects,
    ...resolveResilience(`${path}.resilience`, options.resilience, defaults),
  });
}

function resolveBaseUrl(path: string, value: unknown, allowInsecureHttp: boolean): URL {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new TypeError(`\`${path}\` must be an absolute URL such as "https://discount.internal/api".`);
  }
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`\`${path}\` must be an http(s) URL.`);
  if (url.username !== '' || url.password !== '') throw new TypeError(`\`${path}\` must not contain credentials; the module adds the token.`);
  if (url.search !== '' || url.hash !== '') throw new TypeError(`\`${path}\` must not have a query or a fragment; put them in each request's path.`);
  // The same rule as the authority's URL in @baton/core: plain http for local development only.
  if (url.protocol === 'http:' && (!allowInsecureHttp || !LOOPBACK.has(url.hostname))) {
    throw new TypeError(
      `\`${path}\` must use https: a token would cross the network in clear (plain http is accepted only on localhost, 127.0.0.1 and [::1], with \`allowInsecureHttp: true\`).`,
    );
  }
  return url;
}

function optionalString(path: string, value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new TypeError(`\`${path}\` must be ${what}.`);
  return value;
}

function checkResource(path: string, resource: string): void {
  // RFC 8707 §2: an absolute URI without a fragment.
  if (!URL.canParse(resource) || new URL(resource).hash !== '' || resource.includes('#')) {
    throw new TypeError(`\`${path}\` must be an absolute URI without a fragment, such as "https://discount.internal/".`);
  }
}

function resolveScope(path: string, value: unknown): string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? value.split(' ').filter((scope) => scope !== '') : value;
  if (!Array.isArray(list) || list.some((scope) => typeof scope !== 'string' || !SCOPE_TOKEN.test(scope))) {
    throw new TypeError(`\`${path}\` must be scope names, as "a b" or ["a", "b"], each without spaces, quotes or backslashes.`);
  }
  return [...new Set(list as string[])];
}

function resolveResilience(path: string, value: DownstreamResilienceOptions | undefined, defaults: Resilience): Resilience {
  if (value === undefined) return defaults;
  if (value === null || typeof value !== 'object') throw new TypeError(`\`${path}\` must be an object such as { timeoutMs: 5000, retries: 2 }.`);
  const timeoutMs = value.timeoutMs ?? defaults.timeoutMs;
  checkInteger(`${path}.timeoutMs`, timeoutMs, 1, 600_000);
  const retries = value.retries ?? defaults.retries;
  checkInteger(`${path}.retries`, retries, 0, 10);
  return { timeoutMs, retries, circuitBreaker: resolveBreaker(`${path}.circuitBreaker`, value.circuitBreaker, defaults.circuitBreaker) };
}

function resolveBreaker(path: string, value: DownstreamResilienceOptions['circuitBreaker'], defaults: Resilience['circuitBreaker']): Resilience['circuitBreaker'] {
  if (value === undefined) return defaults;
  if (value === false) return false;
  if (value === null || typeof value !== 'object') {
    throw new TypeError(`\`${path}\` must be false or an object such as { consecutiveFailures: 5, halfOpenAfterMs: 10000 }.`);
  }
  const base = defaults === false ? { consecutiveFailures: DEFAULTS.consecutiveFailures, halfOpenAfterMs: DEFAULTS.halfOpenAfterMs } : defaults;
  const consecutiveFailures = value.consecutiveFailures ?? base.consecutiveFailures;
  checkInteger(`${path}.consecutiveFailures`, consecutiveFailures, 1, 1000);
  const halfOpenAfterMs = value.halfOpenAfterMs ?? base.halfOpenAfterMs;
  checkInteger(`${path}.halfOpenAfterMs`, halfOpenAfterMs, 1, 3_600_000);
  return { consecutiveFailures, halfOpenAfterMs };
}

function checkInteger(path: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`\`${path}\` must be a whole number from ${min} to ${max}.`);
  }
}
