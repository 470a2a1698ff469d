import { TOKEN_TYPES, type TokenExchangeAuditEvent } from '@baton/authority';
import { decodePayload, findLeaks } from '@baton/testing';
import { exchangeClient, exchangeOf, refusalOf } from './exchange-client.test-helpers.js';
import { startTestAuthority, type TestAuthority } from './test-authority.test-helpers.js';

let authority: TestAuthority;
const providerEvents: TokenExchangeAuditEvent[] = [];

beforeAll(async () => {
  authority = await startTestAuthority();
  authority.provider.on('token_exchange.audit', (event) => providerEvents.push(event as TokenExchangeAuditEvent));
});
afterAll(async () => {
  await authority.close();
});
beforeEach(() => {
  authority.audits.length = 0;
  providerEvents.length = 0;
});

describe('X9: may_act in the subject token is enforced against the actor', () => {
  it.each<[string, Record<string, unknown>, boolean]>([
    ['sub names the acting client', { sub: 'shoppingbasket' }, true],
    ['client_id names the acting client', { client_id: 'shoppingbasket' }, true],
    ['sub and iss name this authority\'s client', { sub: 'shoppingbasket', iss: '<issuer>' }, true],
    ['sub names another service', { sub: 'eventcatalog' }, false],
    ['client_id names another client', { client_id: 'shoppingbasket-post' }, false],
    ['iss names another authority', { sub: 'shoppingbasket', iss: 'https://partner.example.com' }, false],
    ['an empty may_act', {}, false],
    ['a member that cannot be checked', { sub: 'shoppingbasket', group: 'staff' }, false],
  ])('X9: %s', async (_name, mayAct, allowed) => {
    const claims = { may_act: JSON.parse(JSON.stringify(mayAct).replace('<issuer>', authority.issuer)) as Record<string, unknown> };
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(await authority.mintOwn({ claims })));
    if (allowed) {
      expect(outcome.status).toBe(200);
      expect(decodePayload(outcome.body['access_token'] as string)['act']).toEqual({ sub: 'shoppingbasket', client_id: 'shoppingbasket' });
    } else {
      expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
      expect(outcome.body['error_description']).toBe('the subject token does not allow this actor (may_act)');
      expect(authority.audits).toEqual([expect.objectContaining({ reason: 'ERR_MAY_ACT', decidedBy: 'subject token may_act' })]);
    }
  });

  it('X9: may_act is matched against the actor token\'s subject when one is sent', async () => {
    const subject = await authority.mintOwn({ audience: 'admin-console', scope: 'admin-console.use', claims: { may_act: { sub: 'carol' } } });
    const consoleClient = await exchangeClient(authority, 'admin-console');
    const actorToken = async (sub: string) => authority.mintOwn({ audience: 'admin-console', sub, scope: 'admin-console.use', expiresIn: 60 });

    const carol = await consoleClient.exchange(exchangeOf(subject, 'discount', { actor_token: await actorToken('carol'), actor_token_type: TOKEN_TYPES.accessToken }));
    expect(carol.status).toBe(200);
    const issued = decodePayload(carol.body['access_token'] as string);
    expect(issued['act']).toEqual({ sub: 'carol' });
    expect(issued['exp']).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 60);

    const dave = await consoleClient.exchange(exchangeOf(subject, 'discount', { actor_token: await actorToken('dave'), actor_token_type: TOKEN_TYPES.jwt }));
    expect(refusalOf(dave)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(authority.audits.map((event) => event.reason)).toEqual([undefined, 'ERR_MAY_ACT']);
  });

  it('X9: may_act binds impersonation too', async () => {
    const consoleClient = await exchangeClient(authority, 'admin-console');
    const allowed = await consoleClient.exchange(exchangeOf(await authority.mintOwn({ audience: 'admin-console', scope: 'admin-console.use', claims: { may_act: { client_id: 'admin-console' } } })));
    expect(allowed.status).toBe(200);
    expect(decodePayload(allowed.body['access_token'] as string)['act']).toBeUndefined();
    const refused = await consoleClient.exchange(exchangeOf(await authority.mintOwn({ audience: 'admin-console', scope: 'admin-console.use', claims: { may_act: { sub: 'carol' } } })));
    expect(refusalOf(refused)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
  });

  it('X9: a client not allowed actor tokens is refused one before it is verified', async () => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(await authority.mintOwn(), 'discount', { actor_token: 'not-even-a-jwt', actor_token_type: TOKEN_TYPES.accessToken }));
    expect(refusalOf(outcome)).toEqual({ status: 400, error: 'invalid_request', cacheControl: 'no-store' });
    expect(authority.audits).toEqual([expect.objectContaining({ reason: 'ERR_ACTOR_TOKEN_NOT_ALLOWED', decidedBy: 'policy.clients.shoppingbasket.actorTokens', subject: undefined })]);
  });
});

describe('X10: every exchange leaves an audit event, with no token in it', () => {
  it('X10: a granted exchange: who acted, for whom, audience and scopes asked and granted, the deciding rule', async () => {
    const subject = await authority.mintOwn({ claims: { act: { sub: 'web' } } });
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const outcome = await basket.exchange(exchangeOf(subject, 'discount', { scope: 'discount.read discount.fullaccess' }));
    const issued = decodePayload(outcome.body['access_token'] as string);
    expect(authority.audits).toEqual([{
      type: 'token-exchange',
      outcome: 'granted',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      clientId: 'shoppingbasket',
      subject: { issuer: authority.issuer, sub: 'alice' },
      actors: ['shoppingbasket', 'web'],
      requested: { audience: ['discount'], resource: [], scopes: ['discount.read', 'discount.fullaccess'] },
      audience: 'discount',
      scopesGranted: ['discount.read', 'discount.fullaccess'],
      decidedBy: 'policy.clients.shoppingbasket.targets.discount',
      rules: ['policy.mapping.scopes["shoppingbasket.fullaccess"]', 'policy.mapping.claims[0]'],
      tokenId: issued['jti'],
      expiresAt: issued['exp'],
      claims: ['email'],
    }]);
    expect(providerEvents).toEqual(authority.audits);
  });

  it('X10: a refused exchange says why, and which policy entry refused it', async () => {
    const basket = await exchangeClient(authority, 'shoppingbasket');
    await basket.exchange(exchangeOf(await authority.mintOwn({ scope: 'shoppingbasket.read' }), 'discount', { scope: 'discount.read' }));
    expect(authority.audits).toEqual([expect.objectContaining({
      outcome: 'refused',
      clientId: 'shoppingbasket',
      subject: { issuer: authority.issuer, sub: 'alice' },
      actors: [],
      audience: undefined,
      requested: { audience: ['discount'], resource: [], scopes: ['discount.read'] },
      scopesGranted: [],
      error: 'invalid_scope',
      reason: 'ERR_SCOPE_NOT_HELD',
      decidedBy: 'policy.mapping',
    })]);
  });

  it('X10: caller-chosen text (a token pasted into audience, resource or scope) never reaches the audit trail', async () => {
    const subject = await authority.mintOwn();
    const basket = await exchangeClient(authority, 'shoppingbasket');
    await basket.exchange(exchangeOf(subject, subject, { resource: `https://x.example.com/${subject}`, scope: subject }));
    await basket.exchange(exchangeOf(subject, 'discount', { scope: `discount.read ${subject}` }));
    expect(authority.audits.map((event) => event.requested)).toEqual([
      { audience: ['(unknown)'], resource: ['(unknown)'], scopes: ['(unknown)'] },
      { audience: ['discount'], resource: [], scopes: ['discount.read', '(unknown)'] },
    ]);
  });

  it('X10: across granted and refused exchanges of every kind, no token, header or secret is in any event', async () => {
    const subject = await authority.mintOwn();
    const basket = await exchangeClient(authority, 'shoppingbasket');
    const wrong = await exchangeClient(authority, 'shoppingbasket', { secret: 'wrong-secret' });
    const machine = await exchangeClient(authority, 'machine');
    const granted = await basket.exchange(exchangeOf(subject));
    await basket.exchange(exchangeOf(subject, 'eventcatalog'));
    await basket.exchange(exchangeOf(`${subject}x`));
    await basket.exchange({ ...exchangeOf(subject), subject_token: [subject, subject] });
    await wrong.exchange(exchangeOf(subject));
    await machine.exchange(exchangeOf(subject));
    await basket.exchange(exchangeOf(granted.body['access_token'] as string));

    expect(authority.audits.map((event) => event.outcome)).toEqual(['granted', 'refused', 'refused', 'refused', 'refused', 'refused', 'refused']);
    const text = JSON.stringify(authority.audits);
    const secrets = new Set([subject, granted.body['access_token'] as string, ...Object.values(authority.secrets)]);
    expect(findLeaks(text, secrets)).toEqual([]);
    for (const secret of secrets) expect(text).not.toContain(secret.slice(-20));
  });
});
