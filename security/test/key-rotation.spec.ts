import type { INestApplication } from '@nestjs/common';
import type { AuthModuleOptions } from '@baton/nest';
import { createTestKey, TestIssuer, type TestKey } from '@baton/testing';
import { recordFigure } from './support/figures.js';
import { startGuardedApp } from './support/guarded-app.js';
import { send, type Answer } from './support/send.js';

/*
 * Issue 6, faults: the authority rotating its keys with and without overlap, under steady valid
 * traffic (SECURITY.md K4, with K1's refetch). A token is sent every TICK_MS; fresh tokens (each
 * a full verification) alternate with a "session" token resent as a client would (from its
 * second use on, a verified-token cache hit). The timings are seconds, not minutes, so the
 * figures are the same at both sizes.
 */
const TICK_MS = 20;
const NO_KEY = 'Bearer error="invalid_token", error_description="No key of the issuer matches the access token"';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sent {
  kind: string;
  answer: Answer;
  at: number;
}

/** Sends, every TICK_MS for `durationMs`, the token `next()` gives (nothing when it gives undefined). */
async function traffic(url: string, durationMs: number, next: (tick: number) => Promise<{ kind: string; token: string } | undefined>): Promise<Sent[]> {
  const sent: Sent[] = [];
  const end = Date.now() + durationMs;
  for (let tick = 0; Date.now() < end; tick += 1) {
    const request = await next(tick);
    if (request !== undefined) sent.push({ kind: request.kind, answer: await send(url, [['authorization', `Bearer ${request.token}`]]), at: Date.now() });
    await sleep(TICK_MS);
  }
  return sent;
}

const notAccepted = (sent: readonly Sent[]) => sent.filter(({ answer }) => answer.status !== 200);

describe('figure: key rotation under steady traffic (K4)', () => {
  let issuer: TestIssuer;
  let app: INestApplication | undefined;
  let url: string;

  const start = async (jwks: AuthModuleOptions['jwks']) => {
    // No clock tolerance: "the old key is kept until its tokens expire" means exactly that.
    ({ app, url } = await startGuardedApp('express', { issuer: { issuer: issuer.issuer, jwksUri: issuer.jwksUri }, audience: 'eventcatalog', algorithms: ['ES256'], clockTolerance: 0, jwks }));
  };
  const mint = (key: TestKey, sub: string, expiresIn = 300) => issuer.mint({ sub, scope: 'eventcatalog.read' }, { key, expiresIn });

  beforeEach(async () => {
    issuer = await TestIssuer.start({ algorithms: ['ES256'], audience: 'eventcatalog' });
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await issuer.close();
  });

  it('K4: rotation with overlap (new key published before use, old key kept until its tokens expire): 0 valid requests rejected', async () => {
    const cacheMaxAge = 1_000;
    await start({ cacheMaxAge, cooldown: 500 });
    const old = issuer.signingKey();
    const next = createTestKey('ES256');
    // A session token signed by the old key, alive across the switch; resent until just before it expires.
    const session = await mint(old, 'alice', 4);
    const sessionEnds = (Math.floor(Date.now() / 1000) + 4) * 1000 - 300;
    let signer = old;
    const fresh = async (tick: number) => (tick % 2 === 0 ? { kind: 'fresh', token: await mint(signer, `user-${tick}`) } : Date.now() < sessionEnds ? { kind: 'session', token: session } : undefined);

    const before = await traffic(url, 1_000, fresh);
    issuer.publish(next);
    // Longer than cacheMaxAge: the guard learns the new key on its routine refresh, before any token uses it.
    const published = await traffic(url, cacheMaxAge + 500, fresh);
    const fetchesBeforeSwitch = issuer.jwksRequests;
    signer = next;
    const switched = await traffic(url, Math.max(sessionEnds - Date.now(), 0) + 200, fresh);
    issuer.unpublish(old.kid);
    const after = await traffic(url, cacheMaxAge + 1_000, fresh);
    const all = [...before, ...published, ...switched, ...after];
    const rejected = notAccepted(all);

    recordFigure({
      id: 'key-rotation-overlap',
      title: 'valid requests rejected while the authority rotated its key with overlap',
      values: {
        'valid requests': all.length,
        'of which old-key session token (resent)': all.filter((s) => s.kind === 'session').length,
        'new-key requests': switched.length + after.length,
        rejected: rejected.length,
        'JWKS fetches (in all)': issuer.jwksRequests,
        'JWKS fetches after the switch': issuer.jwksRequests - fetchesBeforeSwitch,
      },
      goal: '0 rejected',
      met: rejected.length === 0,
      notes:
        `A token every ${TICK_MS} ms (fresh tokens and a resent session token signed by the old key); cacheMaxAge ${cacheMaxAge / 1000} s, cooldown 0.5 s, clockTolerance 0. ` +
        'The new key is published, used once the guard has refreshed, and the old key is removed after the last old-key token expired.',
    });
    expect(rejected.map((s) => `${s.kind} ${s.answer.status} ${s.answer.wwwAuthenticate}`)).toEqual([]);
    expect(all.filter((s) => s.kind === 'session').length).toBeGreaterThan(10);
    expect(switched.length + after.length).toBeGreaterThan(10);
  });

  it('K4/K1: rotation without overlap: new-key tokens accepted after one JWKS refetch; old-key tokens, even cached ones, refused 401 invalid_token at once', async () => {
    // Keys refresh only every minute: the removal is noticed through the new kid's refetch.
    await start({ cacheMaxAge: 60_000, cooldown: 500 });
    const old = issuer.signingKey();
    const cached = await mint(old, 'alice');
    const warm = await traffic(url, 1_000, async (tick) => (tick % 2 === 0 ? { kind: 'fresh', token: await mint(old, `user-${tick}`) } : { kind: 'cached', token: cached }));
    expect(notAccepted(warm)).toEqual([]);
    // Past the cooldown of the warm-up fetch, so an unknown kid may cause a refetch.
    await sleep(600);
    const fetchesBefore = issuer.jwksRequests;

    const next = issuer.rotate();
    issuer.unpublish(old.kid);
    const newKey = await traffic(url, 1_000, async (tick) => ({ kind: 'new key', token: await mint(next, `user-${tick}`) }));
    const fetches = issuer.jwksRequests - fetchesBefore;
    const oldKey = await traffic(url, 500, async (tick) => (tick % 2 === 0 ? { kind: 'old key, fresh', token: await mint(old, `user-${tick}`) } : { kind: 'old key, cached', token: cached }));
    const newRejected = notAccepted(newKey);
    const oldAccepted = oldKey.filter((s) => s.answer.status === 200);
    const oldRefusedNoKey = oldKey.filter((s) => s.answer.status === 401 && s.answer.wwwAuthenticate === NO_KEY);

    recordFigure({
      id: 'key-rotation-no-overlap',
      title: 'the authority rotating its key without overlap (old key removed and new key used at once)',
      values: {
        'new-key requests': newKey.length,
        'new-key rejected': newRejected.length,
        'JWKS fetches caused': fetches,
        'old-key requests after the rotation (fresh / cached)': `${oldKey.filter((s) => s.kind === 'old key, fresh').length} / ${oldKey.filter((s) => s.kind === 'old key, cached').length}`,
        'old-key accepted': oldAccepted.length,
        'old-key answered 401 invalid_token (no key)': oldRefusedNoKey.length,
      },
      goal: 'new key: 0 rejected after 1 refetch; old key: every request 401 invalid_token, cached tokens included',
      met: newRejected.length === 0 && fetches === 1 && oldRefusedNoKey.length === oldKey.length,
      notes:
        'cacheMaxAge 60 s, cooldown 0.5 s; the rotation comes after the cooldown of the last fetch (a new kid within a cooldown window would get 401 until it ends, K1). ' +
        'The cached token was verified twice before the rotation, so it sat in the verified-token cache; the cache entry is tied to the key set it was verified with and dies with it.',
    });
    expect(newRejected.map((s) => `${s.answer.status} ${s.answer.wwwAuthenticate}`)).toEqual([]);
    expect(fetches).toBe(1);
    expect(oldKey.map((s) => `${s.kind}: ${s.answer.status} ${s.answer.wwwAuthenticate}`)).toEqual(oldKey.map((s) => `${s.kind}: 401 ${NO_KEY}`));
    expect(oldKey.some((s) => s.kind === 'old key, cached')).toBe(true);
  });

  it('K4: a removed key, with no new kid to trigger a refetch, stops passing within one cache lifetime; its cached tokens too', async () => {
    const cacheMaxAge = 2_000;
    await start({ cacheMaxAge, cooldown: 500 });
    const old = issuer.signingKey();
    const cached = await mint(old, 'alice');
    await traffic(url, 300, async () => ({ kind: 'cached', token: cached }));
    const fetchesBefore = issuer.jwksRequests;
    issuer.unpublish(old.kid);
    issuer.publish(createTestKey('ES256'));
    const removedAt = Date.now();
    const after = await traffic(url, cacheMaxAge + 1_500, async (tick) => (tick % 2 === 0 ? { kind: 'fresh', token: await mint(old, `user-${tick}`) } : { kind: 'cached', token: cached }));
    const lastAccepted = after.filter((s) => s.answer.status === 200).at(-1);
    const firstRefused = after.findIndex((s) => s.answer.status !== 200);
    const lastAcceptedMs = lastAccepted === undefined ? 0 : lastAccepted.at - removedAt;
    const afterRefusal = firstRefused === -1 ? [] : after.slice(firstRefused);

    recordFigure({
      id: 'key-removed-within-cache-lifetime',
      title: `a removed key stops passing within one cache lifetime (${cacheMaxAge / 1000} s)`,
      values: {
        'old-key requests after the removal': after.length,
        'last accepted (ms after the removal)': lastAcceptedMs,
        'refused from then on (401 invalid_token, no key)': afterRefusal.filter((s) => s.answer.status === 401 && s.answer.wwwAuthenticate === NO_KEY).length,
        'of which cached tokens': afterRefusal.filter((s) => s.kind === 'cached').length,
        'accepted after the first refusal': afterRefusal.filter((s) => s.answer.status === 200).length,
        'JWKS fetches': issuer.jwksRequests - fetchesBefore,
      },
      goal: `last accepted ≤ ${cacheMaxAge / 1000} s after the removal (plus one request); every later request 401 invalid_token`,
      met: lastAcceptedMs <= cacheMaxAge + 200 && firstRefused !== -1 && afterRefusal.every((s) => s.answer.wwwAuthenticate === NO_KEY),
      notes: `A fresh and a cached (verified-token cache) token signed by the removed key alternate every ${TICK_MS} ms; nothing else makes the guard refetch, so only the routine refresh after cacheMaxAge can notice.`,
    });
    expect(firstRefused).toBeGreaterThan(-1);
    expect(lastAcceptedMs).toBeLessThanOrEqual(cacheMaxAge + 200);
    expect(afterRefusal.map((s) => `${s.kind}: ${s.answer.status} ${s.answer.wwwAuthenticate}`)).toEqual(afterRefusal.map((s) => `${s.kind}: 401 ${NO_KEY}`));
    expect(afterRefusal.some((s) => s.kind === 'cached')).toBe(true);
  });
});
