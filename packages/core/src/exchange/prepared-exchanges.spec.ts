import type { DownstreamTarget } from './downstream-target.js';
import { startExchangeFixture, type ExchangeFixture } from './exchange.test-helpers.js';
import { PreparedExchanges, type PreparedExchange } from './prepared-exchanges.js';

const discount: DownstreamTarget = { audience: 'discount', scope: ['discount.fullaccess'] };
const prepared: PreparedExchange = {
  request: { audience: 'discount', resource: undefined, scopes: ['discount.fullaccess'], subjectToken: 'subject-a', actorToken: undefined },
  key: 'k'.repeat(43),
};

describe('PreparedExchanges', () => {
  it('O2: finds a preparation only for the same subject token, audience, resource, scopes and actor', () => {
    const memo = new PreparedExchanges();
    memo.remember(discount, 'subject-a', undefined, prepared);

    expect(memo.find({ audience: 'discount', scope: ['discount.fullaccess'] }, 'subject-a', undefined)?.key).toBe(prepared.key);
    expect(memo.find(discount, 'subject-b', undefined)).toBeUndefined();
    expect(memo.find(discount, undefined, undefined)).toBeUndefined();
    expect(memo.find(discount, 'subject-a', 'actor')).toBeUndefined();
    expect(memo.find({ audience: 'eventcatalog', scope: ['discount.fullaccess'] }, 'subject-a', undefined)).toBeUndefined();
    expect(memo.find({ ...discount, resource: 'https://discount.example.com' }, 'subject-a', undefined)).toBeUndefined();
    expect(memo.find({ audience: 'discount' }, 'subject-a', undefined)).toBeUndefined();
    expect(memo.find({ audience: 'discount', scope: ['discount.read'] }, 'subject-a', undefined)).toBeUndefined();
    expect(memo.find({ audience: 'discount', scope: ['discount.fullaccess', 'discount.admin'] }, 'subject-a', undefined)).toBeUndefined();
  });

  it('O2: a target changed in place after it was remembered is not found', () => {
    const memo = new PreparedExchanges();
    const target = { audience: 'discount', scope: ['discount.fullaccess'] };
    memo.remember(target, 'subject-a', undefined, prepared);

    target.scope[0] = 'discount.admin';
    expect(memo.find(target, 'subject-a', undefined)).toBeUndefined();
    target.scope[0] = 'discount.fullaccess';
    target.audience = 'eventcatalog';
    expect(memo.find(target, 'subject-a', undefined)).toBeUndefined();
  });

  it('O2: client credentials and users are remembered apart; malformed arguments are never found', () => {
    const memo = new PreparedExchanges();
    const own: PreparedExchange = { ...prepared, key: 'c'.repeat(43) };
    memo.remember(discount, undefined, undefined, own);
    memo.remember(discount, 'subject-a', undefined, prepared);

    expect(memo.find(discount, undefined, undefined)?.key).toBe(own.key);
    expect(memo.find(discount, 'subject-a', undefined)?.key).toBe(prepared.key);
    expect(memo.find(discount, '', undefined)).toBeUndefined();
    expect(memo.find(null as unknown as DownstreamTarget, 'subject-a', undefined)).toBeUndefined();
  });

  it('is bounded: the 1,001st subject token pushes out the first; the 9th target of a subject its first', () => {
    const memo = new PreparedExchanges();
    for (let i = 0; i <= 1_000; i += 1) memo.remember(discount, `subject-${i}`, undefined, prepared);
    expect(memo.find(discount, 'subject-0', undefined)).toBeUndefined();
    expect(memo.find(discount, 'subject-1', undefined)?.key).toBe(prepared.key);
    expect(memo.find(discount, 'subject-1000', undefined)?.key).toBe(prepared.key);

    for (let i = 0; i < 9; i += 1) memo.remember({ audience: `downstream-${i}` }, 'subject-x', undefined, prepared);
    expect(memo.find({ audience: 'downstream-0' }, 'subject-x', undefined)).toBeUndefined();
    expect(memo.find({ audience: 'downstream-8' }, 'subject-x', undefined)?.key).toBe(prepared.key);
  });

  it('forgets everything on clear', () => {
    const memo = new PreparedExchanges();
    memo.remember(discount, 'subject-a', undefined, prepared);
    memo.clear();
    expect(memo.find(discount, 'subject-a', undefined)).toBeUndefined();
  });
});

describe('DelegatedTokenSource with remembered preparations', () => {
  let fx: ExchangeFixture;
  beforeEach(async () => {
    fx = await startExchangeFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  it('O2: a target object changed in place between two calls gets a token for its new parameters', async () => {
    const source = fx.source();
    const subject = await fx.subject('alice');
    const target = { audience: 'discount', scope: ['discount.fullaccess'] };
    const first = await source.tokenFor(target, subject);
    target.audience = 'eventcatalog';
    target.scope[0] = 'eventcatalog.read';
    const second = await source.tokenFor(target, subject);

    expect(second.accessToken).not.toBe(first.accessToken);
    expect(fx.stub.requests).toHaveLength(2);
    expect(fx.stub.requests[1]!.form.get('audience')).toBe('eventcatalog');
    expect(fx.stub.requests[1]!.form.get('scope')).toBe('eventcatalog.read');
  });

  it('O2: evict after a remembered call removes the entry the call used', async () => {
    const source = fx.source();
    const subject = await fx.subject('alice');
    const first = await source.tokenFor(discount, subject);
    expect(await source.tokenFor(discount, subject)).toBe(first);
    source.evict({ audience: 'discount', scope: ['discount.fullaccess'] }, subject);
    const fresh = await source.tokenFor(discount, subject);

    expect(fresh.accessToken).not.toBe(first.accessToken);
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('a malformed call still fails with a TypeError after a remembered one', async () => {
    const source = fx.source();
    const subject = await fx.subject('alice');
    await source.tokenFor(discount, subject);

    await expect(source.tokenFor(discount, '')).rejects.toThrow(TypeError);
    await expect(source.tokenFor({ audience: 'discount', scope: 'discount.fullaccess' as unknown as string[] }, subject)).rejects.toThrow(TypeError);
  });
});
