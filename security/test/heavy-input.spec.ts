import type { INestApplication } from '@nestjs/common';
import { createTestKey, encodeSegment, signWithKey, TestIssuer } from '@baton/testing';
import { recordFigure, size } from './support/figures.js';
import { startGuardedApp } from './support/guarded-app.js';
import { runLoad, type HeaderSet } from './support/load.js';

/*
 * Issue 6, load: oversized headers, huge payloads, deep `act` chains and many scopes (P7, P8,
 * C3, Z4) cost bounded CPU and memory. The guard runs in this process; the requests come from
 * a child process (support/load.ts), so `process.cpuUsage()` around a batch is the server's
 * work (Node's HTTP parsing, Nest, the guard) and nothing of the client's.
 *
 * The limits met on the way: Node refuses a request whose headers pass 16 KiB
 * (`maxHeaderSize`, 431, before any application code runs); the verifier's `maxTokenLength`
 * (16,384 characters by default) sits just above that, so with Node's default it is never the
 * one that refuses; `maxActorDepth` (8) refuses a deeper `act` chain as an invalid claim, after
 * the signature check. A heavy token is refused at most as late as a valid token is accepted:
 * one base64url decode and JSON.parse of ≤ 16 KiB and one ECDSA check.
 */
const NODE_HEADER_LIMIT = 16 * 1024;
/** The Authorization value of the "just under the limit" cases: room left for the request line and the other headers. */
const NEAR_LIMIT = NODE_HEADER_LIMIT - 400;
const CPU_BATCH = size(300, 2_000);
const HEAP_ROUNDS = size(6, 10);
const HEAP_ROUND_REQUESTS = size(1_200, 10_000);
/** CPU per heavy request, at most this many times a normal valid token's. */
const CPU_MULTIPLE_BOUND = 3;
/** Heap floor growth allowed over the rounds: far below what keeping even a fraction of the tokens sent (about 10 KB each) would take. */
const HEAP_GROWTH_BOUND_MB = 24;

const invalid = (description: string) => `401 Bearer error="invalid_token", error_description="${description}"`;
const LACKS_SCOPE = '403 Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="eventcatalog.read"';

interface HeavyCase {
  id: string;
  authorization: string;
  /** The one answer every request of this case must get: `"<status> <WWW-Authenticate>"`. */
  expected: string;
}

/**
 * A token of `issuer` whose `act` chain is `depth` levels deep, written as text: JSON.stringify
 * cannot nest 5,000 levels. Each level is the smallest there is, `{"act":…}`, so the chain goes
 * as deep as the header limit allows.
 */
function tokenWithActChain(issuer: TestIssuer, depth: number): string {
  const key = issuer.signingKey();
  const now = Math.floor(Date.now() / 1000);
  const claims = JSON.stringify({ iss: issuer.issuer, aud: 'eventcatalog', sub: 'user-1', client_id: 'test-client', scope: 'eventcatalog.read', iat: now, exp: now + 300 });
  const chain = `${'{"act":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
  const signingInput = `${encodeSegment({ alg: 'ES256', typ: 'at+jwt', kid: key.kid })}.${encodeSegment(`${claims.slice(0, -1)},"act":${chain}}`)}`;
  return `${signingInput}.${encodeSegment(signWithKey(key, 'ES256', signingInput))}`;
}

describe('figure: heavy input costs bounded CPU and memory (P7, P8, C3)', () => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: ['ES256'], audience: 'eventcatalog' });
    ({ app, url } = await startGuardedApp('fastify', { issuer: { issuer: issuer.issuer, jwksUri: issuer.jwksUri }, audience: 'eventcatalog', algorithms: ['ES256'] }));
  });

  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  /** The deepest `act` chain whose token still fits under Node's header limit. */
  function deepestFittingChain(): { depth: number; token: string } {
    for (let depth = 2_000; depth > 0; depth -= 10) {
      const token = tokenWithActChain(issuer, depth);
      if (token.length + 'Bearer '.length <= NEAR_LIMIT) return { depth, token };
    }
    throw new Error('no act chain fits');
  }

  /** A token padded to the near-limit size with a filler claim. */
  async function hugePayload(options: Parameters<TestIssuer['mint']>[1], scope: string): Promise<string> {
    const bare = await issuer.mint({ scope, pad: '' }, options);
    const room = Math.floor(((NEAR_LIMIT - 'Bearer '.length - bare.length) * 3) / 4) - 4;
    return issuer.mint({ scope, pad: 'x'.repeat(room) }, options);
  }

  async function heavyCases(): Promise<HeavyCase[]> {
    const deepest = deepestFittingChain();
    const forger = createTestKey('ES256');
    const manyScopes = Array.from({ length: 1_000 }, (_, index) => `s${String(index).padStart(4, '0')}`).join(' ');
    const bearer = (token: string) => `Bearer ${token}`;
    return [
      { id: 'Authorization just under the header limit (one segment)', authorization: `Bearer ${'A'.repeat(NEAR_LIMIT - 7)}`, expected: invalid('The access token is malformed') },
      { id: 'Authorization over the header limit', authorization: `Bearer ${'A'.repeat(NODE_HEADER_LIMIT + 1_000)}`, expected: '431 -' },
      {
        id: 'huge payload (near the limit), wrong signature',
        authorization: bearer(await hugePayload({ key: forger, header: { kid: issuer.signingKey().kid } }, 'eventcatalog.read')),
        expected: invalid('The access token signature is invalid'),
      },
      { id: 'huge payload (near the limit), signed, without the scope', authorization: bearer(await hugePayload({}, 'eventcatalog.write')), expected: LACKS_SCOPE },
      { id: 'act chain 50 deep', authorization: bearer(tokenWithActChain(issuer, 50)), expected: invalid('The access token has an invalid claim') },
      { id: 'act chain 500 deep', authorization: bearer(tokenWithActChain(issuer, 500)), expected: invalid('The access token has an invalid claim') },
      { id: `act chain ${deepest.depth} deep (deepest under the header limit)`, authorization: bearer(deepest.token), expected: invalid('The access token has an invalid claim') },
      { id: 'act chain 5,000 deep (past the header limit)', authorization: bearer(tokenWithActChain(issuer, 5_000)), expected: '431 -' },
      { id: '1,000 scopes, not the one required', authorization: bearer(await issuer.mint({ scope: manyScopes })), expected: LACKS_SCOPE },
    ];
  }

  /** Server CPU time (user + system) per request of a batch, in microseconds, and the answers. */
  async function cpuPerRequest(headerSets: readonly HeaderSet[]): Promise<{ micros: number; answers: Record<string, number>; errors: number }> {
    const before = process.cpuUsage();
    const [result] = await runLoad([{ name: 'batch', url, headerSets, connections: 4, rate: 0, count: CPU_BATCH }]);
    const used = process.cpuUsage(before);
    return { micros: (used.user + used.system) / CPU_BATCH, answers: result!.answers, errors: result!.errors };
  }

  it('P7/P8/C3/Z4: every heavy request refused with its exact answer, CPU per request within the bound, no heap growth', async () => {
    const cases = await heavyCases();
    const validSets = async (count: number): Promise<HeaderSet[]> =>
      Promise.all(Array.from({ length: count }, async (_, index) => [['authorization', `Bearer ${await issuer.mint({ sub: `user-${index}`, scope: 'eventcatalog.read' })}`]] as const));
    // Warm-up: JWKS loaded, code paths compiled.
    await runLoad([{ name: 'warm-up', url, headerSets: [...(await validSets(100)), ...cases.map((c) => [['authorization', c.authorization]] as const)], connections: 4, rate: 0, count: 500 }]);

    // A normal valid token is the yardstick: every one new, so each costs its signature check.
    const normal = await cpuPerRequest(await validSets(CPU_BATCH));
    expect(normal.answers).toEqual({ '200 -': CPU_BATCH });
    const measured: Array<{ heavy: HeavyCase; micros: number; answers: Record<string, number>; errors: number }> = [];
    for (const heavy of cases) measured.push({ heavy, ...(await cpuPerRequest([[['authorization', heavy.authorization]]])) });

    // Memory: rounds of every heavy case, the same tokens as an attacker would resend.
    const heapMb: number[] = [];
    const allSets = cases.map((c) => [['authorization', c.authorization]] as const);
    for (let round = 0; round < HEAP_ROUNDS; round += 1) {
      await runLoad([{ name: `round ${round}`, url, headerSets: allSets, connections: 4, rate: 0, count: HEAP_ROUND_REQUESTS }]);
      heapMb.push(process.memoryUsage().heapUsed / 2 ** 20);
    }
    // heapUsed saw-tooths between collections (none is forced): compare the floors of the
    // first and the second half of the rounds, which a leak would lift.
    const half = Math.floor(HEAP_ROUNDS / 2);
    const growthMb = Math.min(...heapMb.slice(half)) - Math.min(...heapMb.slice(0, half));

    // Node answers 431 and closes the connection while a client may still be writing the
    // oversized header: the client then sees a reset instead of the 431. Both are refusals.
    const asExpected = ({ heavy, answers, errors }: (typeof measured)[number]) => ({ id: heavy.id, answers, refused: (answers[heavy.expected] ?? 0) + (heavy.expected === '431 -' ? errors : 0) });
    const wrongAnswers = measured.map(asExpected).filter(({ answers, refused }) => refused !== CPU_BATCH || Object.keys(answers).length !== 1);
    const multiples = measured.map(({ micros }) => micros / normal.micros);
    const worst = Math.max(...multiples);
    recordFigure({
      id: 'heavy-input',
      title: 'oversized headers, huge payloads, deep act chains, many scopes: answers, server CPU and heap',
      values: {
        'normal valid token: CPU per request (µs)': Math.round(normal.micros),
        ...Object.fromEntries(measured.map(({ heavy, micros }) => [`${heavy.id}: ${heavy.expected.split(' ')[0]}, CPU (µs)`, Math.round(micros)])),
        'worst CPU multiple of a normal token': worst.toFixed(2),
        'requests answered otherwise than expected': wrongAnswers.length,
        [`heap after each round of ${HEAP_ROUND_REQUESTS.toLocaleString('en')} (MB)`]: heapMb.map((mb) => mb.toFixed(1)).join(' → '),
        'heap floor growth, first → second half of the rounds (MB)': growthMb.toFixed(1),
      },
      goal: `every one refused with its exact 401/403 challenge (or Node's 431, or a reset while the client still wrote the oversized header); CPU per request ≤ ${CPU_MULTIPLE_BOUND}× a normal token's; heap floor growth < ${HEAP_GROWTH_BOUND_MB} MB over the rounds`,
      met: wrongAnswers.length === 0 && worst <= CPU_MULTIPLE_BOUND && growthMb < HEAP_GROWTH_BOUND_MB,
      notes:
        `Nest (fastify) guard in process, ${CPU_BATCH} requests per case from a child process, 4 connections; CPU is process.cpuUsage() of the server process over the batch. ` +
        `Limits: Node's maxHeaderSize 16 KiB (431 before the application), the verifier's maxTokenLength 16,384 characters (above what Node lets through by default), maxActorDepth 8 (deeper act → 401 invalid claim, after the signature check). ` +
        `Heap: ${HEAP_ROUNDS} rounds of ${HEAP_ROUND_REQUESTS.toLocaleString('en')} heavy requests, heapUsed after each without forcing a collection (it saw-tooths by about 10 MB); the figure is the lowest of the second half minus the lowest of the first half.`,
    });
    expect(measured.map(asExpected)).toEqual(measured.map(({ heavy, answers }) => ({ id: heavy.id, answers: { [heavy.expected]: answers[heavy.expected] }, refused: CPU_BATCH })));
    expect(Object.fromEntries(measured.map(({ heavy }, index) => [heavy.id, (multiples[index] as number) <= CPU_MULTIPLE_BOUND]))).toEqual(
      Object.fromEntries(cases.map((heavy) => [heavy.id, true])),
    );
    expect(growthMb).toBeLessThan(HEAP_GROWTH_BOUND_MB);
  }, size(180_000, 900_000));
});
