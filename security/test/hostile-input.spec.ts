import fc from 'fast-check';
import type { INestApplication } from '@nestjs/common';
import { createTestKey, encodeSegment, TestIssuer } from '@baton/testing';
import { recordFigure, size } from './support/figures.js';
import { startGuardedApp, type AdapterName } from './support/guarded-app.js';
import { inParallel, send, type Answer } from './support/send.js';

type Headers = ReadonlyArray<readonly [string, string]>;

interface HostileCase {
  id: string;
  headers: Headers;
}

const SEED = Number(process.env.FUZZ_SEED ?? 20261122);

function bearer(token: string): Headers {
  return [['authorization', `Bearer ${token}`]];
}

function actChain(depth: number): Record<string, unknown> {
  let act: Record<string, unknown> = { sub: `service-${depth}` };
  for (let level = depth - 1; level > 0; level -= 1) act = { sub: `service-${level}`, act };
  return act;
}

/** SECURITY.md's P, C and Z lines as concrete requests, each one a refusal. */
async function catalog(issuer: TestIssuer): Promise<HostileCase[]> {
  const now = Math.floor(Date.now() / 1000);
  const valid = await issuer.mint({ sub: 'alice', scope: 'eventcatalog.read' });
  const [header, payload] = valid.split('.');
  const stranger = createTestKey('ES256');
  const cases: Array<[string, Promise<string> | string]> = [
    ['P1 alg none', issuer.mint({ sub: 'alice', scope: 'eventcatalog.read' }, { header: { alg: 'none' }, signature: 'none' })],
    ['P2 HS256 with the public key', issuer.mint({ sub: 'alice', scope: 'eventcatalog.read' }, { signature: { hmacSecret: JSON.stringify(issuer.signingKey().publicJwk) } })],
    ['P3 unknown kid, foreign key', issuer.mint({ sub: 'alice', scope: 'eventcatalog.read' }, { key: stranger })],
    ['P3 embedded jwk', issuer.mint({ scope: 'eventcatalog.read' }, { key: stranger, header: { jwk: stranger.publicJwk } })],
    ['P3 jku to a foreign key set', issuer.mint({ scope: 'eventcatalog.read' }, { key: stranger, header: { jku: 'http://127.0.0.1:1/jwks' } })],
    ['P4 typ JWT (an ID token)', issuer.mint({ scope: 'eventcatalog.read' }, { header: { typ: 'JWT' } })],
    ['P5 crit', issuer.mint({ scope: 'eventcatalog.read' }, { header: { crit: ['b64'], b64: false } })],
    ['P6 truncated signature', `${valid.slice(0, -10)}`],
    ['P6 signature of another payload', `${header}.${encodeSegment({ sub: 'mallory', scope: 'eventcatalog.read', aud: 'eventcatalog', iss: issuer.issuer, exp: now + 300 })}.${valid.split('.')[2]}`],
    ['P7 padded base64url', `${header}=.${payload}.${valid.split('.')[2]}`],
    ['P8 oversized token', `${header}.${'A'.repeat(40_000)}.${valid.split('.')[2]}`],
    ['C1 expired', issuer.mint({ scope: 'eventcatalog.read', exp: now - 3600 })],
    ['C1 no exp', issuer.mint({ scope: 'eventcatalog.read', exp: undefined })],
    ['C1 nbf in the future', issuer.mint({ scope: 'eventcatalog.read', nbf: now + 3600 })],
    ['C2 other issuer', issuer.mint({ scope: 'eventcatalog.read', iss: `${issuer.issuer}/` })],
    ['C2 other audience', issuer.mint({ scope: 'eventcatalog.read', aud: 'discount' })],
    ['C3 exp as a string', issuer.mint({ scope: 'eventcatalog.read', exp: String(now + 300) })],
    ['C3 scope as an object', issuer.mint({ scope: { 'eventcatalog.read': true } })],
    ['C3 act chain 50 deep', issuer.mint({ scope: 'eventcatalog.read', act: actChain(50) })],
    ['Z2 missing scope', issuer.mint({ scope: 'eventcatalog.write' })],
  ];
  const tokens = await Promise.all(cases.map(async ([id, token]) => ({ id, headers: bearer(await token) })));
  return [
    ...tokens,
    { id: 'Z1 empty Bearer', headers: [['authorization', 'Bearer ']] },
    { id: 'Z1 Basic scheme', headers: [['authorization', 'Basic YWxpY2U6c2VjcmV0']] },
    { id: 'Z1 not a b64token', headers: [['authorization', 'Bearer a b c']] },
    { id: 'Z3 two Authorization headers', headers: [['authorization', `Bearer ${valid}`], ['authorization', `Bearer ${valid}`]] },
    { id: 'Z3 two credentials in one header', headers: [['authorization', `Bearer ${valid}, Bearer ${valid}`]] },
    { id: 'Z6 header injection attempt', headers: [['authorization', 'Bearer abc"def']] },
  ];
}

/** Seeded random corruptions of a valid token's text. */
function mutations(valid: string, count: number): HostileCase[] {
  const arbitrary = fc.record({ at: fc.nat(valid.length - 1), text: fc.string({ minLength: 1, maxLength: 8, unit: fc.constantFrom(...'AZaz09-_.=+/~'.split('')) }), cut: fc.boolean() });
  return fc.sample(arbitrary, { seed: SEED, numRuns: count }).flatMap(({ at, text, cut }, index) => {
    const token = cut ? valid.slice(0, at) + valid.slice(at + text.length) : valid.slice(0, at) + text + valid.slice(at + text.length);
    return token === valid || token.length === 0 ? [] : [{ id: `fuzz #${index}`, headers: bearer(token) }];
  });
}

describe.each<AdapterName>(['express', 'fastify'])('figure: hostile input over HTTP (%s)', (adapter) => {
  let issuer: TestIssuer;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: ['ES256'], audience: 'eventcatalog' });
    ({ app, url } = await startGuardedApp(adapter, { issuer: { issuer: issuer.issuer, jwksUri: issuer.jwksUri }, audience: 'eventcatalog', algorithms: ['ES256'] }));
  });

  afterAll(async () => {
    await app.close();
    await issuer.close();
  });

  it('bad inputs tried / accepted / answered with 5xx: all tried, 0 accepted, 0 5xx; every refusal is RFC 6750', async () => {
    const valid = await issuer.mint({ sub: 'alice', scope: 'eventcatalog.read' });
    expect((await send(url, bearer(valid))).status).toBe(200);

    const listed = await catalog(issuer);
    const cases = [...listed, ...mutations(valid, size(400, 10_000))];
    const answers = await inParallel(cases, 16, async (hostile) => ({ hostile, answer: await send(url, hostile.headers) }));

    const accepted = answers.filter(({ answer }) => answer.status < 400);
    const serverErrors = answers.filter(({ answer }) => answer.status >= 500);
    const unexplained = answers.filter(({ answer }) => !isRfc6750Refusal(answer));
    const byStatus: Record<string, number> = {};
    for (const { answer } of answers) byStatus[answer.status] = (byStatus[answer.status] ?? 0) + 1;

    recordFigure({
      id: `hostile-input-${adapter}`,
      title: `bad inputs tried / accepted / answered with 5xx (Nest ${adapter})`,
      values: { tried: answers.length, accepted: accepted.length, '5xx': serverErrors.length, ...Object.fromEntries(Object.entries(byStatus).map(([status, count]) => [`status ${status}`, count])) },
      goal: 'all tried, 0 accepted, 0 answered with 5xx',
      met: accepted.length === 0 && serverErrors.length === 0 && unexplained.length === 0,
      notes: `${answers.length} requests: the P/C/Z catalogue (${listed.length} cases) and seeded random corruptions of a valid token (seed ${SEED}).`,
    });

    expect(accepted.map(({ hostile }) => hostile.id)).toEqual([]);
    expect(serverErrors.map(({ hostile }) => hostile.id)).toEqual([]);
    expect(unexplained.map(({ hostile, answer }) => `${hostile.id}: ${answer.status} ${answer.wwwAuthenticate}`)).toEqual([]);
  });
});

/**
 * 400/401/403 with a Bearer challenge and no token echoed in the body — or Node's own 431 for a
 * header past its 16 KiB limit, which never reaches the application.
 */
function isRfc6750Refusal(answer: Answer): boolean {
  if (answer.status === 431) return true;
  if (![400, 401, 403].includes(answer.status)) return false;
  if (!answer.wwwAuthenticate?.startsWith('Bearer')) return false;
  return !/eyJ[A-Za-z0-9_-]{4,}\./.test(answer.body);
}
