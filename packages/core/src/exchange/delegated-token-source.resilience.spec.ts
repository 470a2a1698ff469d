import { TemporarilyUnavailableError } from '../errors/temporarily-unavailable.error.js';
import { DelegatedTokenSource } from './delegated-token-source.js';
import { mockClock, startExchangeFixture, type ExchangeFixture } from './exchange.test-helpers.js';

let fx: ExchangeFixture;
beforeEach(async () => {
  fx = await startExchangeFixture();
});
afterEach(async () => {
  await fx.close();
});

const discount = { audience: 'discount', scope: ['discount.fullaccess'] };

async function failure(promise: Promise<unknown>): Promise<TemporarilyUnavailableError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TemporarilyUnavailableError);
  expect(error).toMatchObject({ status: 503, error: 'temporarily_unavailable' });
  expect((error as TemporarilyUnavailableError).wwwAuthenticate()).toBeUndefined();
  return error as TemporarilyUnavailableError;
}

describe('O5: 429 and 503 with Retry-After are honoured', () => {
  it('O5: 429 + Retry-After: 7 → 503 ERR_EXCHANGE_RATE_LIMITED, Retry-After 7, not retried', async () => {
    fx.stub.respondWith(() => ({ status: 429, json: { error: 'slow_down' }, headers: { 'retry-after': '7' } }));

    const error = await failure(fx.source({ retries: 3 }).tokenFor(discount, await fx.subject('alice')));

    expect(error.code).toBe('ERR_EXCHANGE_RATE_LIMITED');
    expect(error.retryAfter).toBe(7);
    expect(fx.stub.requests).toHaveLength(1);
  });

  it('O5: no request reaches the authority until Retry-After has passed; callers get the time left', async () => {
    const clock = mockClock();
    fx.stub.respondWith(() => ({ status: 429, json: { error: 'slow_down' }, headers: { 'retry-after': '7' } }));
    const source = fx.source();
    await failure(source.tokenFor(discount, await fx.subject('alice')));
    fx.stub.respondNormally();

    clock.advance(2_500);
    const waiting = await failure(source.tokenFor(discount, await fx.subject('bob')));
    expect(waiting).toMatchObject({ code: 'ERR_EXCHANGE_RATE_LIMITED', retryAfter: 5 });
    clock.advance(4_400);
    expect((await failure(source.tokenFor(discount))).retryAfter).toBe(1);
    expect(fx.stub.requests).toHaveLength(1);

    clock.advance(200);
    await expect(source.tokenFor(discount, await fx.subject('bob'))).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('O5: cached tokens keep being served while the authority asks to wait', async () => {
    const source = fx.source();
    const subject = await fx.subject('alice');
    const cached = await source.tokenFor(discount, subject);
    fx.stub.respondWith(() => ({ status: 429, json: { error: 'slow_down' }, headers: { 'retry-after': '30' } }));
    await failure(source.tokenFor(discount, await fx.subject('bob')));

    expect(await source.tokenFor(discount, subject)).toBe(cached);
  });

  it('O5: 503 + Retry-After as an HTTP-date → ERR_EXCHANGE_UNAVAILABLE with the seconds until then, not retried', async () => {
    const clock = mockClock();
    const at = new Date(Math.ceil(clock.now / 1000) * 1000 + 12_000).toUTCString();
    fx.stub.respondWith(() => ({ status: 503, text: 'maintenance', headers: { 'retry-after': at } }));

    const error = await failure(fx.source({ retries: 3 }).tokenFor(discount, await fx.subject('alice')));

    expect(error.code).toBe('ERR_EXCHANGE_UNAVAILABLE');
    expect(error.retryAfter).toBeGreaterThanOrEqual(12);
    expect(error.retryAfter).toBeLessThanOrEqual(13);
    expect(fx.stub.requests).toHaveLength(1);
  });

  it('O5: a Retry-After beyond maxRetryAfterSeconds is cut to it (bounded waiting)', async () => {
    const clock = mockClock();
    fx.stub.respondWith(() => ({ status: 429, json: { error: 'slow_down' }, headers: { 'retry-after': '86400' } }));
    const source = fx.source({ maxRetryAfterSeconds: 20 });

    expect((await failure(source.tokenFor(discount, await fx.subject('alice')))).retryAfter).toBe(20);
    fx.stub.respondNormally();
    clock.advance(20_001);
    await expect(source.tokenFor(discount, await fx.subject('alice'))).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('O5: 429 without Retry-After → 503 Retry-After 1, not retried, no wait imposed', async () => {
    fx.stub.respondWith(() => ({ status: 429, json: { error: 'slow_down' } }));
    const source = fx.source({ retries: 3 });

    expect(await failure(source.tokenFor(discount, await fx.subject('alice')))).toMatchObject({ code: 'ERR_EXCHANGE_RATE_LIMITED', retryAfter: 1 });
    expect(fx.stub.requests).toHaveLength(1);
    fx.stub.respondNormally();
    await expect(source.tokenFor(discount, await fx.subject('alice'))).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});

describe('O5: 5xx and network failures are retried a bounded number of times', () => {
  it.each([500, 502, 503, 504])('O5: %i is retried `retries` times, then 503 ERR_EXCHANGE_UNAVAILABLE', async (status) => {
    fx.stub.respondWith(() => ({ status, json: { error: 'server_error' } }));

    const error = await failure(fx.source({ retries: 2, circuitBreaker: false }).tokenFor(discount, await fx.subject('alice')));

    expect(error).toMatchObject({ code: 'ERR_EXCHANGE_UNAVAILABLE', retryAfter: 1 });
    expect(fx.stub.requests).toHaveLength(3);
  });

  it('O5: a 500 then a success is one token for the caller', async () => {
    fx.stub.respondWith((request, index) => (index === 0 ? { status: 500, json: { error: 'server_error' } } : fx.stub.issue(request)));

    await expect(fx.source({ retries: 2 }).tokenFor(discount, await fx.subject('alice'))).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('O5: retries: 0 sends one request', async () => {
    fx.stub.respondWith(() => ({ status: 500, json: { error: 'server_error' } }));

    await failure(fx.source({ retries: 0 }).tokenFor(discount, await fx.subject('alice')));
    expect(fx.stub.requests).toHaveLength(1);
  });

  it('O5: a 4xx OAuth error is never retried', async () => {
    fx.stub.respondWith(() => ({ status: 400, json: { error: 'invalid_target' } }));

    await expect(fx.source({ retries: 3 }).tokenFor(discount, await fx.subject('alice'))).rejects.toMatchObject({ code: 'ERR_EXCHANGE_INVALID_TARGET' });
    expect(fx.stub.requests).toHaveLength(1);
  });

  it('O5: an authority that refuses connections → 503 ERR_EXCHANGE_UNAVAILABLE naming the network code', async () => {
    const origin = fx.stub.origin;
    await fx.stub.close();
    const source = new DelegatedTokenSource({ ...fx.options(), authority: origin, tokenEndpoint: `${origin}/token`, retries: 1 });
    try {
      const error = await failure(source.tokenFor(discount, await fx.subject('alice')));
      expect(error.code).toBe('ERR_EXCHANGE_UNAVAILABLE');
      expect((error.cause as Error).message).toBe('The authorization server could not be reached (ECONNREFUSED)');
    } finally {
      await source.close();
    }
  });

  it('O5: an authority that refuses connections during discovery → 503 as well', async () => {
    const origin = fx.stub.origin;
    await fx.stub.close();
    const source = new DelegatedTokenSource({ ...fx.options(), authority: origin, tokenEndpoint: undefined });
    try {
      expect((await failure(source.tokenFor(discount, await fx.subject('alice')))).code).toBe('ERR_EXCHANGE_UNAVAILABLE');
    } finally {
      await source.close();
    }
  });
});

describe('O5: a slow or hanging authority is cut off by the timeout', () => {
  it('O5: a hanging token endpoint → 503 ERR_EXCHANGE_TIMEOUT after timeoutMs, the connection closed, not retried', async () => {
    fx.stub.respondWith(() => ({ hang: true }));
    const started = Date.now();

    const error = await failure(fx.source({ timeoutMs: 300, retries: 2 }).tokenFor(discount, await fx.subject('alice')));

    const elapsed = Date.now() - started;
    expect(error.code).toBe('ERR_EXCHANGE_TIMEOUT');
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
    expect(fx.stub.requests).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fx.stub.abandonedRequests).toBe(1);
  });

  it('O5: an answer slower than the timeout is a timeout too', async () => {
    fx.stub.respondWith(async (request) => ({ ...(await fx.stub.issue(request)), delayMs: 600 }));

    expect((await failure(fx.source({ timeoutMs: 200 }).tokenFor(discount, await fx.subject('alice')))).code).toBe('ERR_EXCHANGE_TIMEOUT');
  });

  it('O5: a hanging discovery → 503 ERR_EXCHANGE_TIMEOUT', async () => {
    const { createServer } = await import('node:http');
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const source = new DelegatedTokenSource({ authority: origin, client: { id: 'c', secret: 's' }, allowInsecureHttp: true, timeoutMs: 200 });
    try {
      expect((await failure(source.tokenFor(discount, await fx.subject('alice')))).code).toBe('ERR_EXCHANGE_TIMEOUT');
    } finally {
      await source.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('O5: a timeout reaches every concurrent waiter (one request)', async () => {
    fx.stub.respondWith(() => ({ hang: true }));
    const source = fx.source({ timeoutMs: 200 });
    const subject = await fx.subject('alice');

    const results = await Promise.allSettled(Array.from({ length: 20 }, () => source.tokenFor(discount, subject)));

    expect(fx.stub.requests).toHaveLength(1);
    for (const result of results) expect((result as PromiseRejectedResult).reason).toMatchObject({ code: 'ERR_EXCHANGE_TIMEOUT' });
  });
});

describe('O5: the circuit breaker', () => {
  it('O5: opens after consecutive failures and answers 503 at once, with the time until a trial call', async () => {
    const clock = mockClock();
    fx.stub.respondWith(() => ({ status: 500, json: { error: 'server_error' } }));
    const source = fx.source({ retries: 0, circuitBreaker: { consecutiveFailures: 3, halfOpenAfterMs: 10_000 } });
    for (let i = 0; i < 3; i += 1) await failure(source.tokenFor(discount, await fx.subject(`user-${i}`)));
    expect(fx.stub.requests).toHaveLength(3);

    const open = await failure(source.tokenFor(discount, await fx.subject('user-4')));
    expect(open).toMatchObject({ code: 'ERR_EXCHANGE_CIRCUIT_OPEN', retryAfter: 10 });
    clock.advance(6_500);
    expect((await failure(source.tokenFor(discount, await fx.subject('user-5')))).retryAfter).toBe(4);
    expect(fx.stub.requests).toHaveLength(3);
  });

  it('O5: after halfOpenAfterMs one trial call goes through; its success closes the circuit', async () => {
    const clock = mockClock();
    fx.stub.respondWith(() => ({ status: 503, json: { error: 'temporarily_unavailable' } }));
    const source = fx.source({ retries: 0, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 5_000 } });
    await failure(source.tokenFor(discount, await fx.subject('a')));
    await failure(source.tokenFor(discount, await fx.subject('b')));
    await failure(source.tokenFor(discount, await fx.subject('c')));
    fx.stub.respondNormally();

    clock.advance(5_001);
    await expect(source.tokenFor(discount, await fx.subject('d'))).resolves.toMatchObject({ tokenType: 'Bearer' });
    await expect(source.tokenFor(discount, await fx.subject('e'))).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(fx.stub.requests).toHaveLength(4);
  });

  it('O5: a failed trial call opens the circuit again', async () => {
    const clock = mockClock();
    fx.stub.respondWith(() => ({ status: 500, json: { error: 'server_error' } }));
    const source = fx.source({ retries: 0, circuitBreaker: { consecutiveFailures: 1, halfOpenAfterMs: 5_000 } });
    await failure(source.tokenFor(discount, await fx.subject('a')));
    clock.advance(5_001);
    expect((await failure(source.tokenFor(discount, await fx.subject('b')))).code).toBe('ERR_EXCHANGE_UNAVAILABLE');

    expect(await failure(source.tokenFor(discount, await fx.subject('c')))).toMatchObject({ code: 'ERR_EXCHANGE_CIRCUIT_OPEN', retryAfter: 5 });
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('O5: timeouts count as failures', async () => {
    fx.stub.respondWith(() => ({ hang: true }));
    const source = fx.source({ timeoutMs: 100, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } });
    await failure(source.tokenFor(discount, await fx.subject('a')));
    await failure(source.tokenFor(discount, await fx.subject('b')));

    expect((await failure(source.tokenFor(discount, await fx.subject('c')))).code).toBe('ERR_EXCHANGE_CIRCUIT_OPEN');
    expect(fx.stub.requests).toHaveLength(2);
  });

  it('O5: OAuth refusals (4xx) and 429s never open it', async () => {
    fx.stub.respondWith((_request, index) => (index % 2 === 0 ? { status: 400, json: { error: 'invalid_grant' } } : { status: 429, json: { error: 'slow_down' } }));
    const source = fx.source({ retries: 0, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } });
    for (let i = 0; i < 6; i += 1) await source.tokenFor(discount, await fx.subject(`u${i}`)).catch(() => undefined);

    expect(fx.stub.requests).toHaveLength(6);
  });

  it('O5: circuitBreaker: false never opens', async () => {
    fx.stub.respondWith(() => ({ status: 500, json: { error: 'server_error' } }));
    const source = fx.source({ retries: 0, circuitBreaker: false });
    for (let i = 0; i < 8; i += 1) await failure(source.tokenFor(discount, await fx.subject(`u${i}`)));

    expect(fx.stub.requests).toHaveLength(8);
  });
});
