import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from '@baton/testing';
import { recordFigure, size } from './support/figures.js';
import { startGuardedApp } from './support/guarded-app.js';
import { send, type Answer } from './support/send.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends valid, never-seen tokens (no verified-token cache can help) every `everyMs` for `durationMs`. */
async function steadyValidTraffic(issuer: TestIssuer, url: string, durationMs: number, everyMs: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  const end = Date.now() + durationMs;
  let user = 0;
  while (Date.now() < end) {
    user += 1;
    const token = await issuer.mint({ sub: `user-${user}`, scope: 'eventcatalog.read' });
    answers.push(await send(url, [['authorization', `Bearer ${token}`]]));
    await sleep(everyMs);
  }
  return answers;
}

function countStatuses(answers: readonly Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[`status ${answer.status}`] = (counts[`status ${answer.status}`] ?? 0) + 1;
  return counts;
}

describe('figure: the authority down (K3)', () => {
  let issuer: TestIssuer;
  let app: INestApplication | undefined;
  let url: string;

  beforeEach(async () => {
    issuer = await TestIssuer.start({ algorithms: ['ES256'], audience: 'eventcatalog' });
  });

  afterEach(async () => {
    await app?.close();
    await issuer.close();
  });

  it('K3: valid requests rejected while the authority is down with a warm cache: 0', async () => {
    const outageMs = size(6_000, 60_000);
    // Keys go stale after 2 s, so the outage crosses several refresh attempts.
    ({ app, url } = await startGuardedApp('express', {
      issuer: { issuer: issuer.issuer, jwksUri: issuer.jwksUri },
      audience: 'eventcatalog',
      jwks: { cacheMaxAge: 2_000, staleWindow: outageMs + 30_000, failureBackoff: 1_000, timeout: 1_000 },
    }));
    const warm = await steadyValidTraffic(issuer, url, 200, 20);
    expect(warm.every((answer) => answer.status === 200)).toBe(true);

    issuer.setJwksBehaviour({ mode: 'fail', status: 503 });
    const during = await steadyValidTraffic(issuer, url, outageMs, 20);
    const refreshAttempts = issuer.jwksRequests;
    const rejected = during.filter((answer) => answer.status !== 200);

    recordFigure({
      id: 'authority-down-warm-cache',
      title: `valid requests rejected while the authority was down for ${outageMs / 1000} s with a warm cache`,
      values: { 'valid requests': during.length, rejected: rejected.length, 'JWKS fetch attempts (all failed, incl. warm-up)': refreshAttempts, ...countStatuses(during) },
      goal: '0 rejected',
      met: rejected.length === 0,
      notes: 'Every request carries a never-seen token (no verified-token cache hit); keys are 2 s old at most before a refresh is due, so the outage crosses many failed refreshes; stale window = outage + 30 s.',
    });
    expect(rejected.length).toBe(0);
  });

  it('K3: past the stale window, valid requests get 503 with Retry-After, never 401', async () => {
    ({ app, url } = await startGuardedApp('express', {
      issuer: { issuer: issuer.issuer, jwksUri: issuer.jwksUri },
      audience: 'eventcatalog',
      jwks: { cacheMaxAge: 1_000, staleWindow: 2_000, failureBackoff: 500, timeout: 500 },
    }));
    await steadyValidTraffic(issuer, url, 100, 20);
    issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
    const answers = await steadyValidTraffic(issuer, url, size(5_000, 20_000), 50);
    const afterWindow = answers.slice(-10);
    const unauthorised = answers.filter((answer) => answer.status === 401);

    recordFigure({
      id: 'authority-down-past-stale-window',
      title: 'valid requests once the authority has been down longer than the stale window',
      values: { 'valid requests': answers.length, '401 (wrong)': unauthorised.length, ...countStatuses(answers), 'last answers with Retry-After': afterWindow.filter((answer) => answer.retryAfter !== undefined).length },
      goal: 'first 200 (stale keys), then 503 + Retry-After; 0 answered 401',
      met: unauthorised.length === 0 && afterWindow.every((answer) => answer.status === 503 && answer.retryAfter !== undefined),
      notes: 'cacheMaxAge 1 s, staleWindow 2 s, failureBackoff 0.5 s.',
    });
    expect(unauthorised.length).toBe(0);
    expect(afterWindow.map((answer) => [answer.status, answer.retryAfter !== undefined])).toEqual(afterWindow.map(() => [503, true]));
  });

  it('K2: the JWKS endpoint hanging is cut off by the timeout; a new key cannot be had → 503 within the bound, known keys keep passing', async () => {
    ({ app, url } = await startGuardedApp('express', {
      issuer: { issuer: issuer.issuer, jwksUri: issuer.jwksUri },
      audience: 'eventcatalog',
      jwks: { timeout: 500, cooldown: 0, failureBackoff: 0 },
    }));
    await steadyValidTraffic(issuer, url, 100, 20);
    issuer.setJwksBehaviour({ mode: 'hang' });
    const known = await steadyValidTraffic(issuer, url, 500, 20);
    const rotated = issuer.rotate();
    const started = Date.now();
    const answer = await send(url, [['authorization', `Bearer ${await issuer.mint({ scope: 'eventcatalog.read' }, { key: rotated })}`]]);
    const waitedMs = Date.now() - started;

    recordFigure({
      id: 'authority-hanging',
      title: 'the authority slowed past the JWKS timeout (500 ms)',
      values: { 'known-key requests': known.length, 'known-key rejected': known.filter((a) => a.status !== 200).length, 'new-key answer': answer.status, 'new-key wait (ms)': waitedMs },
      goal: 'known keys pass; a new key gets 503 + Retry-After within about the timeout',
      met: known.every((a) => a.status === 200) && answer.status === 503 && waitedMs < 2_000,
    });
    expect(known.every((a) => a.status === 200)).toBe(true);
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toMatch(/^\d+$/);
    expect(waitedMs).toBeLessThan(2_000);
  });
});
