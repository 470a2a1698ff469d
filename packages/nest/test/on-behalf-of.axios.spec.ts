import { createServer, type RequestListener } from 'node:http';
import type { DownstreamTarget, ObtainedToken, Principal } from '@baton/core';
import type { DiscoveryService } from '@nestjs/core';
import axios, { type AxiosInstance } from 'axios';
import { DownstreamCaller } from '../src/on-behalf-of/downstream.caller.js';
import type { DownstreamTokenSource } from '../src/on-behalf-of/downstream-token-source.js';
import { DownstreamRegistry } from '../src/on-behalf-of/downstream.registry.js';
import { InboundTokenForwardedError } from '../src/on-behalf-of/inbound-token-forwarded.error.js';
import type { OnBehalfOfModuleOptions } from '../src/on-behalf-of/on-behalf-of-module-options.js';
import { OnBehalfOfHttpInterceptor } from '../src/on-behalf-of/on-behalf-of-http.interceptor.js';
import { OnBehalfOfContext } from '../src/on-behalf-of/on-behalf-of.context.js';

const INBOUND = 'inbound.eyJzdWIiOiJhbGljZSJ9.inbound-signature-7f3a9c';
const EXCHANGED = 'exchanged.eyJhdWQiOiJkaXNjb3VudCJ9.exchanged-signature-4b8e21';

/** Always the same exchanged token, so that the test knows what to look for. */
class FixedSource implements DownstreamTokenSource {
  async tokenFor(_target: DownstreamTarget, _subjectToken?: string): Promise<ObtainedToken> {
    return { accessToken: EXCHANGED, tokenType: 'Bearer', expiresAt: Math.floor(Date.now() / 1000) + 300, scope: [], issuedTokenType: 'urn:ietf:params:oauth:token-type:access_token' };
  }

  evict(): void {}
}

/**
 * Every path under `root` to a string (or bytes) holding `needle`: own properties, enumerable
 * or not, symbols included, getters read, through maps, sets and arrays.
 */
function pathsTo(root: unknown, needle: string): string[] {
  const found: string[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown, path: string, depth: number): void => {
    if (typeof value === 'string') {
      if (value.includes(needle)) found.push(path);
      return;
    }
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value) || depth > 12) return;
    seen.add(value);
    if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
      if (Buffer.from(value).toString('latin1').includes(needle)) found.push(path);
      return;
    }
    if (value instanceof Map) for (const [key, item] of value) visit(item, `${path}.get(${String(key)})`, depth + 1);
    if (value instanceof Set) for (const item of value) visit(item, `${path}[set]`, depth + 1);
    for (const key of Reflect.ownKeys(value)) {
      let item: unknown;
      try {
        item = (value as Record<PropertyKey, unknown>)[key];
      } catch {
        continue;
      }
      visit(item, `${path}.${String(key)}`, depth + 1);
    }
  };
  visit(root, 'error', 0);
  return found;
}

async function thrown(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: unknown) => e,
  );
  return error as Record<string, unknown>;
}

/** A local downstream server, an axios instance with the interceptor attached, and the context to call as alice in. */
interface AxiosWorld {
  readonly base: string;
  readonly instance: AxiosInstance;
  asAlice<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Starts `handler` on 127.0.0.1 as the downstream `discount` (base URL `/api`), with these resilience settings. */
async function startAxiosWorld(handler: RequestListener, resilience: Record<string, unknown>): Promise<AxiosWorld> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const options = {
    authority: 'http://127.0.0.1:1',
    client: { id: 'shoppingbasket', secret: 'unused' },
    allowInsecureHttp: true,
    downstreams: { discount: { baseUrl: `${base}/api`, audience: 'discount', resilience } },
  } satisfies OnBehalfOfModuleOptions;
  const context = new OnBehalfOfContext();
  const interceptor = new OnBehalfOfHttpInterceptor(DownstreamRegistry.fromOptions(options), new DownstreamCaller(new FixedSource(), context), {} as DiscoveryService, options);
  const instance = axios.create();
  await interceptor.attach(instance);
  return {
    base,
    instance,
    asAlice: (fn) => context.run({ token: INBOUND, principal: { subject: 'alice' } as unknown as Principal }, fn),
    async close() {
      interceptor.onApplicationShutdown();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('OnBehalfOfHttpInterceptor on a plain axios instance', () => {
  let world: AxiosWorld;
  let base: string;
  let instance: AxiosInstance;
  const received: Array<string | undefined> = [];
  const urls: Array<string | undefined> = [];

  beforeAll(async () => {
    world = await startAxiosWorld(
      (req, res) => {
        received.push(req.headers.authorization);
        urls.push(req.url);
        if (req.url === '/api/hang') return; // never answers: the caller aborts
        res.writeHead(req.url === '/api/broken' ? 500 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'nope' }));
      },
      { retries: 0, circuitBreaker: false },
    );
    ({ base, instance } = world);
  });

  afterAll(() => world.close());

  const asAlice = <T>(fn: () => Promise<T>): Promise<T> => world.asAlice(fn);

  describe('O1: the request URL as axios sends it decides whether the token goes', () => {
    it.each([
      ['an absolute URL under the downstream', () => instance.get(`${base}/api/missing`), '/api/missing', true],
      ['params added to the URL', () => instance.get(`${base}/api/missing`, { params: { page: 2 } }), '/api/missing?page=2', true],
      ['a relative URL on a baseURL under the downstream', () => instance.get('missing', { baseURL: `${base}/api/` }), '/api/missing', true],
      ['a relative URL on a baseURL outside the downstream', () => instance.get('missing', { baseURL: `${base}/other/` }), '/other/missing', false],
      ['an absolute URL outside the downstream, whatever the baseURL', () => instance.get(`${base}/other/missing`, { baseURL: `${base}/api/` }), '/other/missing', false],
      [
        'allowAbsoluteUrls: false joins the baseURL to the URL',
        () => instance.get('/missing', { baseURL: `${base}/api`, allowAbsoluteUrls: false }),
        '/api/missing',
        true,
      ],
    ])('%s', async (_name, call, path, withToken) => {
      await asAlice(call).catch(() => undefined);

      expect(urls.at(-1)).toBe(path);
      expect(received.at(-1)).toBe(withToken ? `Bearer ${EXCHANGED}` : undefined);
    });

    it.each([
      ['a downstream', '/api/missing'],
      ['any other URL', '/other/missing'],
    ])('O1: the inbound token in a header of a request to %s is refused before anything is sent', async (_name, path) => {
      const before = urls.length;
      const error = await thrown(asAlice(() => instance.get(`${base}${path}`, { headers: { 'x-forward': `Bearer ${INBOUND}` } })));

      expect(error).toBeInstanceOf(InboundTokenForwardedError);
      expect(urls).toHaveLength(before);
    });

    it('O1: the same URL called again gets the same verdict (remembered), for a downstream and for any other URL', async () => {
      for (let i = 0; i < 3; i += 1) {
        await asAlice(() => instance.get(`${base}/api/missing`)).catch(() => undefined);
        expect(received.at(-1)).toBe(`Bearer ${EXCHANGED}`);
        await asAlice(() => instance.get(`${base}/other/missing`)).catch(() => undefined);
        expect(received.at(-1)).toBeUndefined();
      }
    });
  });

  describe('O6: axios errors leaving the interceptor hold no token', () => {
    it.each([
      ['a 404 answer (validateStatus)', '/api/missing', 'ERR_BAD_REQUEST', 404],
      ['a 500 answer to a POST (not retried)', '/api/broken', 'ERR_BAD_RESPONSE', 500],
    ])('O6: %s: the AxiosError, its config, request and response hold neither token', async (_name, path, code, status) => {
      const error = await thrown(asAlice(() => (path === '/api/broken' ? instance.post(`${base}${path}`, { a: 1 }) : instance.get(`${base}${path}`))));

      expect(received.at(-1)).toBe(`Bearer ${EXCHANGED}`);
      expect(error).toBeInstanceOf(axios.AxiosError);
      expect(error['code']).toBe(code);
      expect((error['response'] as { status: number }).status).toBe(status);
      expect(pathsTo(error, EXCHANGED)).toEqual([]);
      expect(pathsTo(error, INBOUND)).toEqual([]);
    });

    it('O6: a request the caller aborts: the CanceledError holds neither token', async () => {
      const controller = new AbortController();
      const before = received.length;
      const pending = asAlice(() => instance.get(`${base}/api/hang`, { signal: controller.signal }));
      // Aborted once the downstream has the request (and so the token was sent).
      while (received.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(received.at(-1)).toBe(`Bearer ${EXCHANGED}`);
      controller.abort();
      const error = await thrown(pending);

      expect(axios.isCancel(error)).toBe(true);
      expect(pathsTo(error, EXCHANGED)).toEqual([]);
      expect(pathsTo(error, INBOUND)).toEqual([]);
    });
  });
});

describe('OnBehalfOfHttpInterceptor: the downstream timeout, by axios’s own timeout', () => {
  const TIMEOUT_MS = 300;
  let world: AxiosWorld;
  let base: string;
  let instance: AxiosInstance;
  let hits = 0;

  beforeAll(async () => {
    world = await startAxiosWorld(
      (req, res) => {
        hits += 1;
        if (req.url?.endsWith('/hang') === true) return; // never answers
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      },
      { timeoutMs: TIMEOUT_MS, retries: 0, circuitBreaker: false },
    );
    ({ base, instance } = world);
  });

  afterAll(() => world.close());

  const asAlice = <T>(fn: () => Promise<T>): Promise<T> => world.asAlice(fn);

  async function timedFailure(call: () => Promise<unknown>): Promise<{ error: Record<string, unknown>; elapsed: number }> {
    const started = performance.now();
    const error = await thrown(asAlice(call));
    return { error, elapsed: performance.now() - started };
  }

  it.each([
    ['no timeout of its own', {}, TIMEOUT_MS],
    ['a longer timeout of its own (the downstream’s wins)', { timeout: 60_000 }, TIMEOUT_MS],
    ['a shorter timeout of its own (the request’s wins)', { timeout: 100 }, 100],
  ])('O5: a hanging downstream, a request with %s → 503 ERR_DOWNSTREAM_TIMEOUT after that timeout, holding no token', async (_name, config, expectedMs) => {
    const { error, elapsed } = await timedFailure(() => instance.get(`${base}/api/hang`, config));

    expect(error).toMatchObject({ name: 'DownstreamUnavailableError', code: 'ERR_DOWNSTREAM_TIMEOUT', status: 503, retryAfter: 1 });
    expect(elapsed).toBeGreaterThanOrEqual(expectedMs - 5);
    expect(elapsed).toBeLessThan(expectedMs + 1_500);
    expect(pathsTo(error, EXCHANGED)).toEqual([]);
    expect(pathsTo(error, INBOUND)).toEqual([]);
  });

  it('O5: a downstream answering in time is not cut, and the timeout is not left on the caller’s config', async () => {
    const config = { validateStatus: () => true };
    const response = await asAlice(() => instance.get(`${base}/api/fine`, config));

    expect(response.status).toBe(200);
    expect(response.config.timeout).toBe(0);
    expect(config).not.toHaveProperty('timeout');
  });

  it('a request to no downstream keeps axios’s default: no timeout is added to it', async () => {
    const before = hits;
    const pending = asAlice(() => instance.get(`${base}/other/hang`, { timeout: 0 }).then(() => 'answered', () => 'failed'));
    const outcome = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve('still waiting'), TIMEOUT_MS * 3))]);

    expect(hits).toBe(before + 1);
    expect(outcome).toBe('still waiting');
  });
});
