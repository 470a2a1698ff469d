import type { INestApplication } from '@nestjs/common';
import { createTestKey, TestIssuer } from '@baton/testing';
import { recordFigure, size } from './support/figures.js';
import { startGuardedApp } from './support/guarded-app.js';
import { countStatus, runLoad, type HeaderSet, type LoadResult, type LoadStream } from './support/load.js';

/*
 * Issue 6, load: a flood of bad-signature tokens mixed with valid traffic. Each flood token is
 * well formed, names the issuer's real kid and fails only at the signature check, so it costs
 * the guard what a valid token costs (decode, key lookup, one ECDSA verification) and nothing
 * can refuse it sooner. The valid traffic runs at a fixed rate, alone and then under a flood at
 * FLOOD_FACTOR times its rate from more connections; the figure is the p99 of the valid
 * requests in both phases. Every valid token is new (no verified-token cache hit), the worst case.
 *
 * Why the bound: with the flood the server does (1 + FLOOD_FACTOR) times the signature work.
 * A valid request then waits behind the flood requests queued before it, and queueing grows
 * faster than the load as utilisation rises (about twice again at the utilisation reached
 * here on a shared 2-core machine): hence p99 ≤ 2 × (1 + FLOOD_FACTOR) times its p99 alone.
 * Low-millisecond baselines make ratios jumpy, so a p99 under P99_FLOOR_MS (no user notices
 * it on loopback) also passes. What the bound catches: a guard that serialises verification,
 * caches failures in valid traffic's way, refetches keys for a known kid (also counted: goal
 * 0 fetches) or falls over (valid requests rejected, or not even sent at their rate).
 */
const PHASE_MS = size(5_000, 30_000);
const VALID_RATE = 100;
const VALID_CONNECTIONS = 8;
const FLOOD_FACTOR = size(4, 5);
const FLOOD_CONNECTIONS = 32;
const P99_RATIO_BOUND = 2 * (1 + FLOOD_FACTOR);
const P99_FLOOR_MS = 100;
const BAD_SIGNATURE = 'Bearer error="invalid_token", error_description="The access token signature is invalid"';

describe('figure: bad-signature flood mixed with valid traffic (P6)', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: ['ES256'], audience: 'eventcatalog' });
    ({ app, url } = await startGuardedApp('express', { issuer: { issuer: issuer.issuer, jwksUri: issuer.jwksUri }, audience: 'eventcatalog', algorithms: ['ES256'] }));
  });

  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  const validTokens = async (count: number): Promise<HeaderSet[]> =>
    Promise.all(Array.from({ length: count }, async (_, index) => [['authorization', `Bearer ${await issuer.mint({ sub: `user-${index}`, scope: 'eventcatalog.read' })}`]] as const));

  it('P6: under a bad-signature flood 0 valid requests are rejected, every flood request gets 401 invalid_token, no JWKS fetch; valid p99 and rate recorded', async () => {
    const validPerPhase = Math.ceil((PHASE_MS / 1000) * VALID_RATE);
    const forger = createTestKey('ES256');
    const kid = issuer.signingKey().kid;
    // A pool of distinct forgeries, signed with a stranger's key under the issuer's own kid.
    const floodSets: HeaderSet[] = await Promise.all(
      Array.from({ length: 500 }, async (_, index) => [['authorization', `Bearer ${await issuer.mint({ sub: `mallory-${index}`, scope: 'eventcatalog.read' }, { key: forger, header: { kid } })}`]] as const),
    );
    const valid = (name: string, headerSets: HeaderSet[]): LoadStream => ({ name, url, headerSets, connections: VALID_CONNECTIONS, rate: VALID_RATE, durationMs: PHASE_MS });

    // Warm-up: loads the JWKS and lets both sides settle.
    await runLoad([{ ...valid('warm-up', await validTokens(200)), durationMs: 1_000 }]);
    const jwksBefore = issuer.jwksRequests;
    const [alone] = (await runLoad([valid('alone', await validTokens(validPerPhase))])) as [LoadResult];
    const [mixed, flood] = (await runLoad([
      valid('mixed', await validTokens(validPerPhase)),
      { name: 'flood', url, headerSets: floodSets, connections: FLOOD_CONNECTIONS, rate: VALID_RATE * FLOOD_FACTOR, durationMs: PHASE_MS },
    ])) as [LoadResult, LoadResult];

    const rejected = (result: LoadResult) => result.sent - countStatus(result, 200);
    const ratio = mixed.p99 / alone.p99;
    const floodRefused = flood.answers[`401 ${BAD_SIGNATURE}`] ?? 0;
    const withinBound = ratio <= P99_RATIO_BOUND || mixed.p99 <= P99_FLOOR_MS;
    const jwksFetches = issuer.jwksRequests - jwksBefore;
    // Paced sending: a starved valid stream sends fewer than its schedule in the phase.
    const keptRate = mixed.sent >= 0.95 * validPerPhase;
    const ms = (value: number) => value.toFixed(2);

    recordFigure({
      id: 'signature-flood',
      title: `p99 of valid requests under a bad-signature flood (${FLOOD_FACTOR}× their rate)`,
      values: {
        'valid requests alone / mixed': `${alone.sent} / ${mixed.sent}`,
        'valid p50 alone → mixed (ms)': `${ms(alone.p50)} → ${ms(mixed.p50)}`,
        'valid p99 alone → mixed (ms)': `${ms(alone.p99)} → ${ms(mixed.p99)}`,
        'p99 ratio': ratio.toFixed(2),
        'valid rejected': rejected(alone) + rejected(mixed),
        'flood requests': flood.sent,
        'flood answered 401 invalid_token (bad signature)': floodRefused,
        'flood p99 (ms)': ms(flood.p99),
        'JWKS fetches during both phases': jwksFetches,
      },
      goal: `0 valid rejected, valid traffic kept its rate; every flood request 401 invalid_token; valid p99 under the flood ≤ ${P99_RATIO_BOUND}× alone (2 × (1 + flood factor)), or ≤ ${P99_FLOOR_MS} ms`,
      met: rejected(alone) + rejected(mixed) === 0 && floodRefused === flood.sent && withinBound && keptRate && jwksFetches === 0,
      notes:
        `Nest (express) guard in process, load from a child process over keep-alive connections. Valid traffic: ${VALID_RATE} req/s on ${VALID_CONNECTIONS} connections for ${PHASE_MS / 1000} s, ` +
        `every token new (no verified-token cache hit); then the same with ${VALID_RATE * FLOOD_FACTOR} req/s of bad-signature tokens on ${FLOOD_CONNECTIONS} connections ` +
        '(validly shaped, the issuer\'s kid, signed by a stranger\'s ES256 key: each costs a full signature check). ' +
        `Bound: the flood multiplies the signature work by ${1 + FLOOD_FACTOR} and queueing at that utilisation about doubles it again; a valid request may queue behind flood requests, but nothing may be cached or refetched in its way (no JWKS fetch for a known kid), and the valid traffic must keep its rate.`,
    });
    expect({ alone: rejected(alone), mixed: rejected(mixed), errors: alone.errors + mixed.errors + flood.errors }).toEqual({ alone: 0, mixed: 0, errors: 0 });
    expect(flood.answers).toEqual({ [`401 ${BAD_SIGNATURE}`]: flood.sent });
    expect(jwksFetches).toBe(0);
    // Latency and rate are timing figures: recorded (with whether the bound held) for
    // docs/security.md, not asserted — on a machine running other work they measure the
    // neighbours as much as the guard (performance is measured, not asserted in tests).
    expect(Number.isFinite(ratio)).toBe(true);
  });
});
