import type { DownstreamTarget } from './downstream-target.js';
import type { ExchangeRequest } from './exchange-request.js';

/**
 * Checks a `tokenFor` call's arguments and puts them in a canonical form: scopes split on
 * spaces, deduplicated and sorted, so that equivalent targets share one cache entry and one
 * exchange. A caller's mistake is a `TypeError` that names the argument.
 */
export function normaliseExchangeRequest(target: DownstreamTarget, subjectToken: string | undefined, actorToken: string | undefined): ExchangeRequest {
  if (target === null || typeof target !== 'object') throw new TypeError('`target` must be { audience?, resource?, scope? }.');
  const { audience, resource, scope } = target;
  if (audience !== undefined && (typeof audience !== 'string' || audience.trim() === '')) {
    throw new TypeError('`target.audience` must be a non-empty string such as "discount".');
  }
  if (resource !== undefined) checkResource(resource);
  if (scope !== undefined && (!Array.isArray(scope) || scope.some((s) => typeof s !== 'string'))) {
    throw new TypeError('`target.scope` must be a list of scope strings, e.g. ["discount.fullaccess"].');
  }
  const scopes = [...new Set((scope ?? []).flatMap((s: string) => s.split(/\s+/)).filter((s: string) => s !== ''))].sort();
  if (audience === undefined && resource === undefined && scopes.length === 0) {
    throw new TypeError('`target` must name an `audience`, a `resource` or a `scope`.');
  }
  if (subjectToken !== undefined && (typeof subjectToken !== 'string' || subjectToken === '')) {
    throw new TypeError('`subjectToken` must be the inbound access token (a non-empty string), or undefined for client credentials.');
  }
  if (actorToken !== undefined) {
    if (typeof actorToken !== 'string' || actorToken === '') throw new TypeError('`actorToken` must be a non-empty string.');
    if (subjectToken === undefined) throw new TypeError('`actorToken` needs a `subjectToken`: client credentials have no actor.');
  }
  return { audience, resource, scopes, subjectToken, actorToken };
}

function checkResource(resource: unknown): void {
  if (typeof resource !== 'string' || resource.includes('#') || !URL.canParse(resource)) {
    throw new TypeError('`target.resource` must be an absolute URI without a fragment (RFC 8707), e.g. "https://discount.example.com".');
  }
}
