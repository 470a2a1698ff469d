import type { OnBehalfOfModuleOptions } from './on-behalf-of-module-options.js';
import { resolveDownstreams } from './resolve-downstreams.js';

const base = { authority: 'https://auth.example.com', client: { id: 'shoppingbasket', secret: 'secret-value' } };

function options(extra: Record<string, unknown>): OnBehalfOfModuleOptions {
  return { ...base, ...extra } as unknown as OnBehalfOfModuleOptions;
}

function withDownstream(discount: unknown, extra: Record<string, unknown> = {}): OnBehalfOfModuleOptions {
  return options({ downstreams: { discount }, ...extra });
}

const discount = { baseUrl: 'https://discount.internal/api', audience: 'discount', scope: 'discount.fullaccess' };

describe('resolveDownstreams', () => {
  it('builds a downstream with its target, origin, base path and defaults', () => {
    const [downstream] = resolveDownstreams(withDownstream(discount));
    expect(downstream).toMatchObject({
      name: 'discount',
      target: { audience: 'discount', scope: ['discount.fullaccess'] },
      origin: 'https://discount.internal',
      basePath: '/api/',
      allowClientCredentials: false,
      maxRedirects: 5,
    });
  });

  it('takes scopes as a space-separated string or a list, without repeats', () => {
    expect(resolveDownstreams(withDownstream({ ...discount, scope: ' a  b a ' }))[0]!.target.scope).toEqual(['a', 'b']);
    expect(resolveDownstreams(withDownstream({ ...discount, scope: ['b', 'a', 'b'] }))[0]!.target.scope).toEqual(['b', 'a']);
    expect(resolveDownstreams(withDownstream({ baseUrl: 'https://d.internal', audience: 'd' }))[0]!.target).toEqual({ audience: 'd' });
  });

  it('accepts a scope alone (Entra ID names the downstream by scope)', () => {
    expect(resolveDownstreams(withDownstream({ baseUrl: 'https://d.internal', scope: 'api://discount/.default' }))[0]!.target).toEqual({ scope: ['api://discount/.default'] });
  });

  it('accepts a resource instead of an audience, and plain http on localhost with allowInsecureHttp', () => {
    const [downstream] = resolveDownstreams(withDownstream({ baseUrl: 'http://localhost:4003', resource: 'https://discount.example/' }, { allowInsecureHttp: true }));
    expect(downstream!.target).toEqual({ resource: 'https://discount.example/' });
    expect(downstream!.origin).toBe('http://localhost:4003');
    expect(downstream!.basePath).toBe('/');
  });

  it.each(['http://127.0.0.1:4003', 'http://[::1]:4003/api'])('accepts plain http on %s with allowInsecureHttp', (baseUrl) => {
    expect(resolveDownstreams(withDownstream({ ...discount, baseUrl }, { allowInsecureHttp: true }))[0]!.origin).toBe(new URL(baseUrl).origin);
  });

  it.each<[string, OnBehalfOfModuleOptions, string]>([
    ['options that are not an object', null as unknown as OnBehalfOfModuleOptions, 'OnBehalfOfModule options must be an object with `authority`, `client` and `downstreams`.'],
    ['no downstreams', options({}), '`downstreams` must name at least one downstream, e.g. { discount: { baseUrl: "https://discount.internal", audience: "discount" } }.'],
    ['empty downstreams', options({ downstreams: {} }), '`downstreams` must name at least one downstream, e.g. { discount: { baseUrl: "https://discount.internal", audience: "discount" } }.'],
    ['downstreams as a list', options({ downstreams: [discount] }), '`downstreams` must name at least one downstream, e.g. { discount: { baseUrl: "https://discount.internal", audience: "discount" } }.'],
    ['a bad name', options({ downstreams: { 'dis count': discount } }), '`downstreams` has a downstream named "dis count"; use letters, digits, ".", "_" and "-", starting with a letter.'],
    ['a downstream that is a string', withDownstream('https://discount.internal'), '`downstreams.discount` must be an object such as { baseUrl: "https://discount.internal", audience: "discount" }.'],
    ['a misspelt option', withDownstream({ ...discount, scopes: ['a'] }), '`downstreams.discount.scopes` is not an option; the options are baseUrl, audience, resource, scope, allowClientCredentials, maxRedirects, resilience.'],
    ['no baseUrl', withDownstream({ audience: 'discount' }), '`downstreams.discount.baseUrl` must be an absolute URL such as "https://discount.internal/api".'],
    ['a relative baseUrl', withDownstream({ ...discount, baseUrl: '/discount' }), '`downstreams.discount.baseUrl` must be an absolute URL such as "https://discount.internal/api".'],
    ['an ftp baseUrl', withDownstream({ ...discount, baseUrl: 'ftp://discount.internal' }), '`downstreams.discount.baseUrl` must be an http(s) URL.'],
    ['credentials in the baseUrl', withDownstream({ ...discount, baseUrl: 'https://u:p@discount.internal' }), '`downstreams.discount.baseUrl` must not contain credentials; the module adds the token.'],
    ['a query in the baseUrl', withDownstream({ ...discount, baseUrl: 'https://discount.internal/?a=1' }), '`downstreams.discount.baseUrl` must not have a query or a fragment; put them in each request\'s path.'],
    ['plain http to another host', withDownstream({ ...discount, baseUrl: 'http://discount.internal' }), '`downstreams.discount.baseUrl` must use https: a token would cross the network in clear (plain http is accepted only on localhost, 127.0.0.1 and [::1], with `allowInsecureHttp: true`).'],
    ['plain http to another host with allowInsecureHttp', withDownstream({ ...discount, baseUrl: 'http://discount:4003' }, { allowInsecureHttp: true }), '`downstreams.discount.baseUrl` must use https: a token would cross the network in clear (plain http is accepted only on localhost, 127.0.0.1 and [::1], with `allowInsecureHttp: true`).'],
    ['plain http on localhost without allowInsecureHttp', withDownstream({ ...discount, baseUrl: 'http://localhost:4003' }), '`downstreams.discount.baseUrl` must use https: a token would cross the network in clear (plain http is accepted only on localhost, 127.0.0.1 and [::1], with `allowInsecureHttp: true`).'],
    [
      'no audience, resource nor scope',
      withDownstream({ baseUrl: 'https://discount.internal' }),
      '`downstreams.discount` needs an `audience` (e.g. "discount"), a `resource` or a `scope` (Entra ID: "api://discount/.default") to ask the token for.',
    ],
    ['an empty audience', withDownstream({ ...discount, audience: ' ' }), '`downstreams.discount.audience` must be the audience the downstream accepts, e.g. "discount".'],
    ['a relative resource', withDownstream({ ...discount, resource: 'discount' }), '`downstreams.discount.resource` must be an absolute URI without a fragment, such as "https://discount.internal/".'],
    ['a resource with a fragment', withDownstream({ ...discount, resource: 'https://discount.internal/#x' }), '`downstreams.discount.resource` must be an absolute URI without a fragment, such as "https://discount.internal/".'],
    ['a scope with a quote', withDownstream({ ...discount, scope: ['a"b'] }), '`downstreams.discount.scope` must be scope names, as "a b" or ["a", "b"], each without spaces, quotes or backslashes.'],
    ['a scope list entry with a space', withDownstream({ ...discount, scope: ['a b'] }), '`downstreams.discount.scope` must be scope names, as "a b" or ["a", "b"], each without spaces, quotes or backslashes.'],
    ['a scope that is a number', withDownstream({ ...discount, scope: 1 }), '`downstreams.discount.scope` must be scope names, as "a b" or ["a", "b"], each without spaces, quotes or backslashes.'],
    ['allowClientCredentials as a string', withDownstream({ ...discount, allowClientCredentials: 'yes' }), '`downstreams.discount.allowClientCredentials` must be true or false.'],
    ['maxRedirects out of range', withDownstream({ ...discount, maxRedirects: 21 }), '`downstreams.discount.maxRedirects` must be a whole number from 0 to 20.'],
    ['a zero timeout', withDownstream({ ...discount, resilience: { timeoutMs: 0 } }), '`downstreams.discount.resilience.timeoutMs` must be a whole number from 1 to 600000.'],
    ['fractional retries', withDownstream(discount, { resilience: { retries: 1.5 } }), '`resilience.retries` must be a whole number from 0 to 10.'],
    ['a breaker that is true', withDownstream(discount, { resilience: { circuitBreaker: true } }), '`resilience.circuitBreaker` must be false or an object such as { consecutiveFailures: 5, halfOpenAfterMs: 10000 }.'],
    ['a breaker threshold of 0', withDownstream({ ...discount, resilience: { circuitBreaker: { consecutiveFailures: 0 } } }), '`downstreams.discount.resilience.circuitBreaker.consecutiveFailures` must be a whole number from 1 to 1000.'],
    ['attachToHttpServices as a string', withDownstream(discount, { attachToHttpServices: 'no' }), '`attachToHttpServices` must be true or false.'],
    [
      'two downstreams with one base URL',
      options({ downstreams: { discount, coupons: { ...discount, baseUrl: 'https://discount.internal/api/' } } }),
      '`downstreams.coupons.baseUrl` is the same as `downstreams.discount.baseUrl`; give each base URL to one downstream.',
    ],
  ])('refuses %s with a TypeError naming the option and the fix', (_name, bad, message) => {
    expect(() => resolveDownstreams(bad)).toThrow(new TypeError(message));
  });
});
