import { normaliseExchangeRequest } from './normalise-exchange-request.js';

describe('normaliseExchangeRequest', () => {
  it('splits, deduplicates and sorts scopes', () => {
    expect(normaliseExchangeRequest({ audience: 'd', scope: ['c b', 'a', 'b', ''] }, 'subject', undefined)).toEqual({
      audience: 'd',
      resource: undefined,
      scopes: ['a', 'b', 'c'],
      subjectToken: 'subject',
      actorToken: undefined,
    });
  });

  it.each([
    ['nothing to aim at', {}, undefined, undefined, '`target` must name an `audience`, a `resource` or a `scope`'],
    ['only empty scopes', { scope: [' '] }, undefined, undefined, '`target` must name'],
    ['an empty audience', { audience: ' ' }, undefined, undefined, '`target.audience` must be a non-empty string'],
    ['a relative resource', { resource: '/discount' }, undefined, undefined, '`target.resource` must be an absolute URI'],
    ['a resource with a fragment', { resource: 'https://d.example.com/#x' }, undefined, undefined, '`target.resource` must be an absolute URI without a fragment'],
    ['a scope that is a string', { scope: 'a b' as unknown as string[] }, undefined, undefined, '`target.scope` must be a list'],
    ['an empty subject token', { audience: 'd' }, '', undefined, '`subjectToken` must be the inbound access token'],
    ['an actor without a subject', { audience: 'd' }, undefined, 'actor', '`actorToken` needs a `subjectToken`'],
    ['an empty actor', { audience: 'd' }, 'subject', '', '`actorToken` must be a non-empty string'],
  ])('refuses %s with a TypeError naming the argument', (_name, target, subject, actor, message) => {
    expect(() => normaliseExchangeRequest(target, subject, actor)).toThrow(TypeError);
    expect(() => normaliseExchangeRequest(target, subject, actor)).toThrow(message);
  });

  it('refuses a target that is not an object', () => {
    expect(() => normaliseExchangeRequest(null as never, undefined, undefined)).toThrow('`target` must be');
  });
});
