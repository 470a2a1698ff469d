import type { DownstreamOptions } from '@baton/nest';
import { fanOutBurst, type BurstOutcome } from '../../tests/on-behalf-of/test/support/burst.js';
import { startDownstreams, type Downstreams } from '../../tests/on-behalf-of/test/support/downstreams.js';
import { startRealAuthority, type RealAuthority } from '../../tests/on-behalf-of/test/support/real-authority.js';
import { shopOptions, startShop, type Shop } from '../../tests/on-behalf-of/test/support/shop-app.js';
import { FaultProxy } from './support/fault-proxy.js';
import { recordFigure, size } from './support/figures.js';

/*
 * The figure "exchanges caused by 1,000 concurrent outbound calls for 10 users (goal 10)",
 * against the real authority: the demo's main authority started in process with 10 users who
 * sign in through its login form, a shoppingbasket-like Nest app (AuthModule +
 * OnBehalfOfModule, fetch) and a recording discount downstream, from the on-behalf-of test
 * project (tests/on-behalf-of, where O3 is tested with more variants). The app's token
 * requests pass through a proxy that counts them; the authority's audit events count the
 * exchanges it granted.
 */
const USERS = 10;
const CALLS_PER_USER = 100;

describe('figure: token exchanges caused by concurrent outbound calls (O3)', () => {
  let real: RealAuthority;
  let downstreams: Downstreams;
  let proxy: FaultProxy;
  let shop: Shop;
  let tokens: Map<string, string>;

  beforeAll(async () => {
    real = await startRealAuthority(USERS);
    [downstreams, proxy] = await Promise.all([startDownstreams(real.issuer), FaultProxy.start(real.issuer)]);
    const discount = shopOptions(real, downstreams).downstreams['discount'] as DownstreamOptions;
    shop = await startShop(real, downstreams, {
      onBehalfOf: {
        tokenEndpoint: `${proxy.url}/token`,
        timeoutMs: 30_000,
        downstreams: { discount: { ...discount, resilience: { timeoutMs: 60_000, retries: 0, circuitBreaker: false } } },
      },
    });
    tokens = new Map(await Promise.all(real.users.map(async (user) => [user.sub, await real.signIn(user.username)] as const)));
  });

  afterAll(async () => {
    await shop?.close();
    await proxy?.close();
    await downstreams?.close();
    await real?.close();
  });

  it('O3: exchanges caused by 1,000 concurrent outbound calls for 10 users: 10', async () => {
    // Full: ten waves of 1,000 concurrent calls (10,000 in all, the same users); the first
    // wave finds the cache cold, the others must find it warm. One wave holds 2,000 sockets
    // in this process; ten at once would pass the machine's file limit.
    const waves = size(1, 10);
    const auditBefore = real.auditEvents().length;
    const outcomes: BurstOutcome[] = [];
    for (let wave = 0; wave < waves; wave += 1) outcomes.push(await fanOutBurst(shop.url, tokens, CALLS_PER_USER, 'fetch'));

    const calls = outcomes.reduce((sum, outcome) => sum + outcome.calls, 0);
    const served = outcomes.reduce((sum, outcome) => sum + outcome.served, 0);
    const wrongUser = outcomes.reduce((sum, outcome) => sum + outcome.wrongUser, 0);
    const tokenRequests = proxy.count('/token');
    const granted = real.auditEvents().slice(auditBefore).filter((event) => event.outcome === 'granted' && event.clientId === 'shoppingbasket');
    const subjects = new Set(granted.map((event) => event.subject?.sub));
    const firstWaveMs = outcomes[0]?.elapsedMs ?? 0;

    recordFigure({
      id: 'exchange-burst',
      title:
        waves === 1
          ? `exchanges caused by ${calls.toLocaleString('en')} concurrent outbound calls for ${USERS} users`
          : `exchanges caused by ${calls.toLocaleString('en')} outbound calls for ${USERS} users (${waves} waves of ${(USERS * CALLS_PER_USER).toLocaleString('en')} concurrent)`,
      values: {
        'outbound calls': calls,
        'token requests to the authority': tokenRequests,
        'exchanges granted (authority audit)': granted.length,
        'distinct users exchanged for': subjects.size,
        'calls served with the caller\'s own token': served,
        'calls given another user\'s token': wrongUser,
        'first wave (ms)': firstWaveMs,
      },
      goal: `${USERS} (one per user), none with another user's token`,
      met: tokenRequests === USERS && granted.length === USERS && subjects.size === USERS && served === calls && wrongUser === 0,
      notes:
        `The demo's main authority in process (startAuthority) with ${USERS} users signed in through its login form; one inbound request per user, all at once, ` +
        `each making ${CALLS_PER_USER} concurrent calls to a recording discount service through DownstreamClient (fetch): a user's calls all start in the same tick, before that user's exchange can end. ` +
        'Token requests are counted by a proxy in front of the token endpoint, exchanges by the authority\'s audit events; discount verifies every token it receives.',
    });
    expect(tokenRequests).toBe(USERS);
    expect(granted).toHaveLength(USERS);
    expect(subjects.size).toBe(USERS);
    expect(served).toBe(calls);
    expect(wrongUser).toBe(0);
  });
});
