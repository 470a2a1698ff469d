import { Downstream, type DownstreamSettings } from './downstream.js';
import { DownstreamUnavailableError } from './downstream-unavailable.error.js';
import type { OutboundRequest } from './outbound-request.js';

function downstream(extra: Partial<DownstreamSettings> = {}): Downstream {
  return new Downstream({
    name: 'discount',
    baseUrl: new URL('https://discount.internal/api'),
    target: { audience: 'discount' },
    allowClientCredentials: false,
    maxRedirects: 5,
    timeoutMs: 1000,
    retries: 2,
    circuitBreaker: { consecutiveFailures: 3, halfOpenAfterMs: 30_000 },
    ...extra,
  });
}

type Answer = { status: number };

/** A request whose attempts answer from `script` in turn (a status, or an error to throw). */
function scripted(script: Array<number | Error | 'hang'>, method = 'GET', replayable = true, signal?: AbortSignal) {
  const authorizations: string[] = [];
  const request: OutboundRequest<Answer> = {
    method,
    replayable,
    signal,
    timeout: 'signal',
    send: async (authorization, attemptSignal) => {
      authorizations.push(authorization);
      const step = script[Math.min(authorizations.length - 1, script.length - 1)]!;
      if (step === 'hang') {
        if (attemptSignal === undefined) throw new TypeError('an attempt timed by signal must get one');
        return new Promise<Answer>((_resolve, reject) => attemptSignal.addEventListener('abort', () => reject(attemptSignal.reason)));
      }
      if (step instanceof Error) throw step;
      return { status: step };
    },
    header: () => undefined,
    carriedToken: () => true,
  };
  return { request, authorizations };
}

const refused = () => Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });

describe('Downstream', () => {
  describe('covers', () => {
    const d = downstream();
    it.each([
      ['the base path itself', 'https://discount.internal/api', true],
      ['the base path with a slash', 'https://discount.internal/api/', true],
      ['a path below it', 'https://discount.internal/api/coupons/1?x=1', true],
      ['the default port spelt out', 'https://discount.internal:443/api/x', true],
      ['a sibling path sharing the prefix', 'https://discount.internal/apix', false],
      ['a path above it', 'https://discount.internal/admin', false],
      ['a dot-dot path that leaves it', 'https://discount.internal/api/../admin', false],
      ['another port', 'https://discount.internal:8443/api/x', false],
      ['plain http on the same host', 'http://discount.internal/api/x', false],
      ['a subdomain', 'https://evil.discount.internal/api/x', false],
      ['a parent domain', 'https://internal/api/x', false],
      ['a look-alike host', 'https://discount.internal.evil.com/api/x', false],
      ['credentials in the URL', 'https://u:p@discount.internal/api/x', false],
    ])('O1: %s → %s', (_name, url, covered) => {
      expect(d.covers(new URL(url))).toBe(covered);
    });

    it('covers the whole origin when the base URL has no path', () => {
      const root = downstream({ baseUrl: new URL('http://127.0.0.1:4003') });
      expect(root.covers(new URL('http://127.0.0.1:4003/anything'))).toBe(true);
      expect(root.covers(new URL('http://localhost:4003/anything'))).toBe(false);
    });
  });

  describe('urlFor', () => {
    const d = downstream();
    it.each([
      ['coupons/1', 'https://discount.internal/api/coupons/1'],
      ['/coupons/1', 'https://discount.internal/api/coupons/1'],
      ['coupons?user=a%20b', 'https://discount.internal/api/coupons?user=a%20b'],
      ['', 'https://discount.internal/api/'],
    ])('resolves %j under the base URL', (path, url) => {
      expect(d.urlFor(path).href).toBe(url);
    });

    it.each(['https://evil.example/x', '//evil.example/x', '\\\\evil.example/x', 'javascript:alert(1)'])('O1: refuses the absolute URL %j', (path) => {
      expect(() => d.urlFor(path)).toThrow(new TypeError('The path for downstream "discount" must be relative to its baseUrl, e.g. "/coupons/1".'));
    });

    it.each(['../admin', 'coupons/../../admin', '%2e%2e/admin', '/../admin'])('O1: refuses %j, which leaves the base URL', (path) => {
      expect(() => d.urlFor(path)).toThrow(new TypeError('The path for downstream "discount" leaves its baseUrl; use a path below it.'));
    });
  });

  describe('send', () => {
    it('sends once with the Authorization value when the first answer is fine', async () => {
      const { request, authorizations } = scripted([200]);
      await expect(downstream().send(request, 'Bearer t')).resolves.toEqual({ status: 200 });
      expect(authorizations).toEqual(['Bearer t']);
    });

    it('retries an idempotent request after a connection failure and 502/503/504, up to `retries` times', async () => {
      const { request, authorizations } = scripted([refused(), 503, 200]);
      await expect(downstream().send(request, 'Bearer t')).resolves.toEqual({ status: 200 });
      expect(authorizations).toHaveLength(3);
    });

    it('returns the last 503 when retries are spent', async () => {
      const { request, authorizations } = scripted([503]);
      await expect(downstream({ circuitBreaker: false }).send(request, 'Bearer t')).resolves.toEqual({ status: 503 });
      expect(authorizations).toHaveLength(3);
    });

    it.each([
      ['a POST', 'POST', true],
      ['a streamed body', 'PUT', false],
    ])('never retries %s', async (_name, method, replayable) => {
      const { request, authorizations } = scripted([503, 200], method, replayable);
      await expect(downstream().send(request, 'Bearer t')).resolves.toEqual({ status: 503 });
      expect(authorizations).toHaveLength(1);
    });

    it('does not retry 500 or 4xx answers', async () => {
      for (const status of [500, 404, 429]) {
        const { request, authorizations } = scripted([status, 200]);
        await expect(downstream({ circuitBreaker: false }).send(request, 'Bearer t')).resolves.toEqual({ status });
        expect(authorizations).toHaveLength(1);
      }
    });

    it('turns a connection failure into 503 ERR_DOWNSTREAM_UNREACHABLE once retries are spent', async () => {
      const { request, authorizations } = scripted([refused()]);
      const error = await downstream({ retries: 1 }).send(request, 'Bearer t').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DownstreamUnavailableError);
      expect(error).toMatchObject({ code: 'ERR_DOWNSTREAM_UNREACHABLE', status: 503, downstream: 'discount', retryAfter: 1 });
      expect((error as Error).cause).toBeInstanceOf(TypeError);
      expect(authorizations).toHaveLength(2);
    });

    it('cuts a hanging attempt at timeoutMs: 503 ERR_DOWNSTREAM_TIMEOUT', async () => {
      const { request } = scripted(['hang']);
      const started = Date.now();
      const error = await downstream({ timeoutMs: 50, retries: 0 }).send(request, 'Bearer t').catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'DownstreamUnavailableError', code: 'ERR_DOWNSTREAM_TIMEOUT', status: 503 });
      expect(Date.now() - started).toBeLessThan(1000);
    });

    describe('attempts the HTTP client times itself (timeout: "client", fetch through undici)', () => {
      function clientTimed(script: Array<number | Error>, signal?: AbortSignal) {
        const signals: Array<AbortSignal | undefined> = [];
        const request: OutboundRequest<Answer> = {
          method: 'GET',
          replayable: true,
          signal,
          timeout: 'client',
          send: async (_authorization, attemptSignal) => {
            signals.push(attemptSignal);
            const step = script[Math.min(signals.length - 1, script.length - 1)]!;
            if (step instanceof Error) throw step;
            return { status: step };
          },
          isTimeout: (error) => (error as { cause?: { code?: string } }).cause?.code === 'UND_ERR_HEADERS_TIMEOUT',
          header: () => undefined,
          carriedToken: () => true,
        };
        return { request, signals };
      }
      const headersTimeout = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_HEADERS_TIMEOUT' } });

      it('gets no signal of the attempt\'s own: none without the caller\'s, else the caller\'s', async () => {
        const plain = clientTimed([200]);
        await expect(downstream().send(plain.request, 'Bearer t')).resolves.toEqual({ status: 200 });
        expect(plain.signals).toEqual([undefined]);
        const controller = new AbortController();
        const withCaller = clientTimed([200], controller.signal);
        await downstream().send(withCaller.request, 'Bearer t');
        expect(withCaller.signals).toEqual([controller.signal]);
      });

      it('the client\'s timeout, once retries are spent → 503 ERR_DOWNSTREAM_TIMEOUT, each attempt retried', async () => {
        const { request, signals } = clientTimed([headersTimeout()]);
        const error = await downstream({ retries: 1 }).send(request, 'Bearer t').catch((e: unknown) => e);
        expect(error).toMatchObject({ name: 'DownstreamUnavailableError', code: 'ERR_DOWNSTREAM_TIMEOUT', status: 503, retryAfter: 1 });
        expect(signals).toHaveLength(2);
      });

      it('a timeout then an answer → the answer (the retry succeeded)', async () => {
        const { request, signals } = clientTimed([headersTimeout(), 200]);
        await expect(downstream({ retries: 1 }).send(request, 'Bearer t')).resolves.toEqual({ status: 200 });
        expect(signals).toHaveLength(2);
      });

      it('another failure → 503 ERR_DOWNSTREAM_UNREACHABLE with fetch\'s error as the cause', async () => {
        const { request } = clientTimed([refused()]);
        const error = await downstream({ retries: 0 }).send(request, 'Bearer t').catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'ERR_DOWNSTREAM_UNREACHABLE', status: 503 });
        expect(((error as Error).cause as Error).message).toBe('fetch failed');
      });

      it('the caller\'s abort comes back as it was, not retried, not a downstream failure', async () => {
        const controller = new AbortController();
        controller.abort();
        const aborted = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
        const { request, signals } = clientTimed([aborted], controller.signal);
        await expect(downstream({ retries: 2 }).send(request, 'Bearer t')).rejects.toBe(aborted);
        expect(signals).toHaveLength(1);
      });

      it('timeouts count toward the circuit breaker: later calls fail at once with ERR_DOWNSTREAM_CIRCUIT_OPEN', async () => {
        const d = downstream({ retries: 0, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 30_000 } });
        for (let i = 0; i < 2; i += 1) await d.send(clientTimed([headersTimeout()]).request, 'Bearer t').catch(() => undefined);
        const { request, signals } = clientTimed([200]);
        await expect(d.send(request, 'Bearer t')).rejects.toMatchObject({ code: 'ERR_DOWNSTREAM_CIRCUIT_OPEN', retryAfter: 30 });
        expect(signals).toHaveLength(0);
      });
    });

    it('opens the circuit after consecutive failures: later calls fail at once with ERR_DOWNSTREAM_CIRCUIT_OPEN and Retry-After', async () => {
      const d = downstream({ retries: 0, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 30_000 } });
      for (let i = 0; i < 2; i += 1) await d.send(scripted([500]).request, 'Bearer t');
      const { request, authorizations } = scripted([200]);
      const error = await d.send(request, 'Bearer t').catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'DownstreamUnavailableError', code: 'ERR_DOWNSTREAM_CIRCUIT_OPEN', status: 503, retryAfter: 30 });
      expect(authorizations).toEqual([]);
    });

    it('a good answer between failures resets the count: failures that are not consecutive never open the circuit', async () => {
      const d = downstream({ retries: 0, circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 30_000 } });
      for (let i = 0; i < 5; i += 1) {
        expect(await d.send(scripted([500]).request, 'Bearer t')).toEqual({ status: 500 });
        expect(await d.send(scripted([200]).request, 'Bearer t')).toEqual({ status: 200 });
      }
      const { request, authorizations } = scripted([204]);
      expect(await d.send(request, 'Bearer t')).toEqual({ status: 204 });
      expect(authorizations).toEqual(['Bearer t']);
    });

    it('connection failures of single attempts count as consecutive failures too (POST, not retried)', async () => {
      const d = downstream({ circuitBreaker: { consecutiveFailures: 2, halfOpenAfterMs: 30_000 } });
      for (let i = 0; i < 2; i += 1) {
        await expect(d.send(scripted([refused()], 'POST').request, 'Bearer t')).rejects.toMatchObject({ code: 'ERR_DOWNSTREAM_UNREACHABLE' });
      }
      const { request, authorizations } = scripted([200], 'POST');
      await expect(d.send(request, 'Bearer t')).rejects.toMatchObject({ code: 'ERR_DOWNSTREAM_CIRCUIT_OPEN' });
      expect(authorizations).toEqual([]);
    });

    it('after halfOpenAfterMs one trial call goes through; its success closes the circuit', async () => {
      const d = downstream({ retries: 0, circuitBreaker: { consecutiveFailures: 1, halfOpenAfterMs: 50 } });
      await d.send(scripted([503]).request, 'Bearer t');
      await expect(d.send(scripted([200]).request, 'Bearer t')).rejects.toMatchObject({ code: 'ERR_DOWNSTREAM_CIRCUIT_OPEN' });
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(await d.send(scripted([200]).request, 'Bearer t')).toEqual({ status: 200 });
      expect(await d.send(scripted([201]).request, 'Bearer t')).toEqual({ status: 201 });
    });

    it("passes the caller's own abort through, untouched and not retried", async () => {
      const controller = new AbortController();
      const abort = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
      const { request, authorizations } = scripted([abort], 'GET', true, controller.signal);
      controller.abort();
      await expect(downstream().send(request, 'Bearer t')).rejects.toBe(abort);
      expect(authorizations).toHaveLength(1);
    });

    it('O6: keeps only the name, code and message of an axios error as the cause (its config holds the token)', async () => {
      const axiosError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
        isAxiosError: true,
        code: 'ECONNREFUSED',
        config: { headers: { Authorization: 'Bearer secret-token-value' } },
      });
      const error = await downstream({ retries: 0 }).send(scripted([axiosError]).request, 'Bearer t').catch((e: unknown) => e);
      const cause = (error as Error).cause as Error & { code: string };
      expect(cause).not.toBe(axiosError);
      expect(cause.message).toBe('connect ECONNREFUSED 127.0.0.1:1');
      expect(cause.code).toBe('ECONNREFUSED');
      expect(JSON.stringify(cause)).not.toContain('secret-token-value');
      expect(Object.keys(cause).sort()).toEqual(['code', 'name']);
    });
  });
});
