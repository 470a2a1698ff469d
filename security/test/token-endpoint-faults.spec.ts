import type { INestApplication } from '@nestjs/common';
import { registerKnownSecret, TestIssuer } from '@baton/testing';
import { startDelegatingApp } from './support/delegating-app.js';
import { ExchangeAuthority } from './support/exchange-authority.js';
import { FaultProxy, type Fault } from './support/fault-proxy.js';
import { recordFigure, size } from './support/figures.js';
import { RecordingDownstream } from './support/recording-downstream.js';
import { send, type Answer } from './support/send.js';

/*
 * Issue 6, faults: the token endpoint failing while a service calls another on behalf of its
 * users (SECURITY.md O5). A shoppingbasket-like Nest app (AuthModule + OnBehalfOfModule) calls a
 * recording discount service through DownstreamClient; its token requests go through the fault
 * proxy to a test token-exchange authority. Per mode, a fresh app (empty cache, closed circuit)
 * gets INBOUND requests one after the other, each from another user (each needs its own
 * exchange). The resilience settings are the defaults (2 retries with backoff for a 5xx without
 * Retry-After or a network failure; circuit open after 5 failures in a row for 10 s; Retry-After
 * honoured up to 60 s) except the attempt timeout, 500 ms instead of 5 s.
 */
const INBOUND = size(12, 100);
const TIMEOUT_MS = 500;
const RETRIES = 2;
const CONSECUTIVE_FAILURES = 5;
/** Longest wait of one inbound request: every attempt failing after the timeout, plus backoff and a loaded machine. */
const BOUNDED_MS = (RETRIES + 1) * (TIMEOUT_MS + 1_000) + 1_000;
const SECRET = 'security-figures-shoppingbasket-secret-7d1e93';
registerKnownSecret(SECRET);

interface Mode {
  id: string;
  name: string;
  fault: Fault;
  /** Most token requests the whole run may cause. */
  maxTokenRequests: number;
}

const UNTIL_CIRCUIT_OPENS = (RETRIES + 1) * CONSECUTIVE_FAILURES;
const MODES: readonly Mode[] = [
  { id: '500', name: 'answering 500', fault: { mode: 'status', status: 500 }, maxTokenRequests: UNTIL_CIRCUIT_OPENS },
  // Retry-After stops every exchange for its duration: one request, whatever the number of users.
  { id: '429-retry-after-7', name: 'answering 429 with Retry-After: 7', fault: { mode: 'status', status: 429, retryAfter: 7 }, maxTokenRequests: 1 },
  { id: '503', name: 'answering 503 (no Retry-After)', fault: { mode: 'status', status: 503 }, maxTokenRequests: UNTIL_CIRCUIT_OPENS },
  // A timeout is never retried.
  { id: 'hanging', name: `hanging past the ${TIMEOUT_MS} ms timeout`, fault: { mode: 'slow', delayMs: 30_000 }, maxTokenRequests: CONSECUTIVE_FAILURES },
  { id: 'down', name: 'down (connections reset)', fault: { mode: 'down' }, maxTokenRequests: UNTIL_CIRCUIT_OPENS },
];

describe('figure: the token endpoint failing under on-behalf-of calls (O5)', () => {
  let issuer: TestIssuer;
  let authority: ExchangeAuthority;
  let proxy: FaultProxy;
  let discount: RecordingDownstream;
  let app: INestApplication | undefined;

  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: ['ES256'], audience: 'shoppingbasket' });
    [authority, discount] = await Promise.all([ExchangeAuthority.start(issuer), RecordingDownstream.start()]);
    proxy = await FaultProxy.start(authority.url);
  });

  afterAll(async () => {
    await proxy?.close();
    await discount?.close();
    await authority?.close();
    await issuer?.close();
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const startApp = async (): Promise<string> => {
    let url: string;
    ({ app, url } = await startDelegatingApp(
      { issuer: { issuer: issuer.issuer, jwksUri: issuer.jwksUri }, audience: 'shoppingbasket', algorithms: ['ES256'] },
      {
        authority: issuer.issuer,
        tokenEndpoint: `${proxy.url}/token`,
        client: { id: 'shoppingbasket', secret: SECRET },
        allowInsecureHttp: true,
        timeoutMs: TIMEOUT_MS,
        retries: RETRIES,
        circuitBreaker: { consecutiveFailures: CONSECUTIVE_FAILURES, halfOpenAfterMs: 10_000 },
        downstreams: { discount: { baseUrl: discount.url, audience: 'discount', scope: 'discount.fullaccess' } },
      },
    ));
    return url;
  };

  it('O5: the sanity run: with the authority answering, each inbound request is exchanged and served', async () => {
    const url = await startApp();
    proxy.set({ mode: 'pass' });
    const token = await issuer.mint({ sub: 'alice', scope: 'shoppingbasket.fullaccess' });
    const answer = await send(url, [['authorization', `Bearer ${token}`]]);
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({ status: 200, body: { status: 200 } });
    expect(discount.authorizations).toHaveLength(1);
    expect(discount.authorizations[0]).not.toContain(token);
    discount.authorizations.length = 0;
  });

  it.each(MODES)('O5: the authority $name → every inbound request 503 with Retry-After, never 401, never forwarded; token requests bounded', async (mode) => {
    const url = await startApp();
    proxy.requests.clear();
    proxy.set(mode.fault);
    const tokens = await Promise.all(Array.from({ length: INBOUND }, (_, index) => issuer.mint({ sub: `user-${index}`, scope: 'shoppingbasket.fullaccess' })));
    const answers: Array<{ answer: Answer; ms: number }> = [];
    for (const token of tokens) {
      const started = Date.now();
      answers.push({ answer: await send(url, [['authorization', `Bearer ${token}`]]), ms: Date.now() - started });
    }
    proxy.set({ mode: 'pass' });
    const tokenRequests = proxy.count('/token');
    const unavailable = answers.filter(({ answer }) => answer.status === 503 && /^[1-9]\d*$/.test(answer.retryAfter ?? ''));
    const unauthorised = answers.filter(({ answer }) => answer.status === 401);
    const longestMs = Math.max(...answers.map(({ ms }) => ms));
    const retryAfters = [...new Set(answers.map(({ answer }) => answer.retryAfter ?? '-'))];
    // Past the failures that open it, the circuit answers at once with the time until a trial call (about 10 s).
    const circuitOpen = mode.maxTokenRequests === 1 || Number(answers.at(-1)?.answer.retryAfter) >= 9;
    const forwarded = discount.authorizations.filter((authorization) => tokens.some((token) => authorization?.includes(token))).length;

    recordFigure({
      id: `token-endpoint-${mode.id}`,
      title: `inbound requests while the token endpoint was ${mode.name}`,
      values: {
        'inbound requests': INBOUND,
        '503 with Retry-After': unavailable.length,
        '401 (wrong)': unauthorised.length,
        'Retry-After values': retryAfters.join(', '),
        'downstream calls (inbound token forwarded)': `${discount.authorizations.length} (${forwarded})`,
        'token requests that reached the authority': tokenRequests,
        'longest inbound wait (ms)': longestMs,
        ...(mode.maxTokenRequests === 1 ? {} : { 'circuit open at the end': circuitOpen ? 'yes' : 'no' }),
      },
      goal: `all 503 + Retry-After, 0 × 401, 0 downstream calls; ≤ ${mode.maxTokenRequests} token requests; each answered within ${BOUNDED_MS / 1000} s${mode.maxTokenRequests === 1 ? '; Retry-After honoured for everyone' : '; the circuit opens'}`,
      met: unavailable.length === INBOUND && discount.authorizations.length === 0 && tokenRequests <= mode.maxTokenRequests && longestMs <= BOUNDED_MS && circuitOpen,
      notes:
        `${INBOUND} users one after the other, each needing its own exchange; attempt timeout ${TIMEOUT_MS} ms, ${RETRIES} retries (5xx without Retry-After and network failures only), ` +
        `circuit open after ${CONSECUTIVE_FAILURES} failures in a row, Retry-After honoured (max 60 s). Token requests counted by the fault proxy in front of the token endpoint.`,
    });
    expect(answers.map(({ answer }) => [answer.status, /^[1-9]\d*$/.test(answer.retryAfter ?? '')])).toEqual(answers.map(() => [503, true]));
    expect(discount.authorizations).toEqual([]);
    expect(tokenRequests).toBeGreaterThanOrEqual(1);
    expect(tokenRequests).toBeLessThanOrEqual(mode.maxTokenRequests);
    expect(longestMs).toBeLessThanOrEqual(BOUNDED_MS);
    expect(circuitOpen).toBe(true);
    if (mode.fault.mode === 'status' && mode.fault.retryAfter !== undefined) {
      // Honoured, and counting down: never more than the authority asked, never 0.
      expect(answers.map(({ answer }) => Number(answer.retryAfter) <= 7)).toEqual(answers.map(() => true));
      expect(answers[0]?.answer.retryAfter).toBe('7');
    }
  });
});
