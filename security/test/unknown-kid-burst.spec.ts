import type { INestApplication } from '@nestjs/common';
import { createTestKey, TestIssuer } from '@baton/testing';
import { recordFigure, size } from './support/figures.js';
import { startGuardedApp } from './support/guarded-app.js';
import { inParallel, send } from './support/send.js';

describe('figure: JWKS fetch amplification (K1)', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let url: string;
  const cooldownMs = 30_000;

  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: ['ES256'], audience: 'eventcatalog' });
    ({ app, url } = await startGuardedApp('fastify', {
      issuer: { issuer: issuer.issuer, jwksUri: issuer.jwksUri },
      audience: 'eventcatalog',
      jwks: { cooldown: cooldownMs },
    }));
  });

  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  it('K1: JWKS fetches caused by a burst of unknown-kid tokens: at most one per cooldown window', async () => {
    const warm = await send(url, [['authorization', `Bearer ${await issuer.mint({ scope: 'eventcatalog.read' })}`]]);
    expect(warm.status).toBe(200);
    const fetchesBefore = issuer.jwksRequests;

    // Each token names a kid the JWKS has never had; an attacker needs no valid signature.
    const forgers = Array.from({ length: 20 }, () => createTestKey('ES256'));
    const count = size(2_000, 10_000);
    const tokens = await Promise.all(Array.from({ length: count }, (_, index) => issuer.mint({ scope: 'eventcatalog.read' }, { key: forgers[index % forgers.length] })));
    const started = Date.now();
    const answers = await inParallel(tokens, 50, (token) => send(url, [['authorization', `Bearer ${token}`]]));
    const seconds = (Date.now() - started) / 1000;
    const fetches = issuer.jwksRequests - fetchesBefore;
    const windows = Math.ceil((seconds * 1000) / cooldownMs);
    const refused = answers.filter((answer) => answer.status === 401).length;

    recordFigure({
      id: 'unknown-kid-burst',
      title: `JWKS fetches caused by ${count.toLocaleString('en')} unknown-kid requests`,
      values: { requests: count, 'answered 401': refused, 'JWKS fetches': fetches, 'burst duration (s)': seconds.toFixed(1), 'cooldown windows': windows },
      goal: '≤ 1 fetch per cooldown window (30 s)',
      met: fetches <= windows && refused === count,
      notes: '50 concurrent connections, 20 forged keys with fresh kids, right after a warm-up that loaded the real keys (so the burst falls in the cooldown window of that fetch).',
    });
    expect(refused).toBe(count);
    expect(fetches).toBeLessThanOrEqual(windows);
  });
});
