import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { globalFetchDispatcher, HeadersTimeoutDispatcher, isFetchTimeout, type FetchDispatcher } from './headers-timeout-dispatcher.js';

const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
type WithGlobal = { [GLOBAL_DISPATCHER]?: FetchDispatcher };

/** A dispatcher that records what it is asked to send and sends nothing. */
function recording() {
  const calls: Array<{ options: Record<string, unknown>; handler: object }> = [];
  const dispatcher: FetchDispatcher = {
    dispatch(options, handler) {
      calls.push({ options: options as Record<string, unknown>, handler });
      return true;
    },
  };
  return { dispatcher, calls };
}

describe('HeadersTimeoutDispatcher', () => {
  const saved = (globalThis as WithGlobal)[GLOBAL_DISPATCHER];
  afterEach(() => {
    (globalThis as WithGlobal)[GLOBAL_DISPATCHER] = saved;
  });

  it('sends through the given dispatcher with headersTimeout set, the same handler, and the caller\'s options untouched', () => {
    const { dispatcher, calls } = recording();
    const options = { origin: 'http://127.0.0.1:1', path: '/coupons', method: 'GET', headersTimeout: 300_000 };
    const handler = {};
    expect(new HeadersTimeoutDispatcher(1500, dispatcher).dispatch(options, handler)).toBe(true);
    expect(calls).toEqual([{ options: { origin: 'http://127.0.0.1:1', path: '/coupons', method: 'GET', headersTimeout: 1500 }, handler }]);
    expect(calls[0]!.handler).toBe(handler);
    expect(options.headersTimeout).toBe(300_000);
  });

  it('without one, sends through the process\'s global dispatcher as found at each request (a proxy agent set later is used)', () => {
    const first = recording();
    const later = recording();
    const timed = new HeadersTimeoutDispatcher(800);
    (globalThis as WithGlobal)[GLOBAL_DISPATCHER] = first.dispatcher;
    timed.dispatch({ path: '/a' }, {});
    (globalThis as WithGlobal)[GLOBAL_DISPATCHER] = later.dispatcher;
    timed.dispatch({ path: '/b' }, {});
    expect(first.calls.map((c) => c.options)).toEqual([{ path: '/a', headersTimeout: 800 }]);
    expect(later.calls.map((c) => c.options)).toEqual([{ path: '/b', headersTimeout: 800 }]);
  });

  it('globalFetchDispatcher: undefined where the global object has none (a Jest sandbox), then the one set', () => {
    // Importing undici set one in this sandbox (not deletable): what a sandbox without it sees.
    (globalThis as WithGlobal)[GLOBAL_DISPATCHER] = undefined;
    expect(globalFetchDispatcher()).toBeUndefined();
    expect(() => new HeadersTimeoutDispatcher(800).dispatch({}, {})).toThrow(new TypeError('No undici dispatcher to send the request through: check globalFetchDispatcher() first.'));
    const { dispatcher } = recording();
    (globalThis as WithGlobal)[GLOBAL_DISPATCHER] = dispatcher;
    expect(globalFetchDispatcher()).toBe(dispatcher);
  });

  describe('with fetch and a real undici agent', () => {
    let server: Server;
    let base: string;
    const agent = new Agent();

    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/ok') res.end('ok');
        // Any other path: never answers.
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await agent.close();
    });

    const timed = (ms: number) => new HeadersTimeoutDispatcher(ms, agent) as unknown as RequestInit['dispatcher'];

    it('an answer in time comes through', async () => {
      const response = await fetch(`${base}/ok`, { dispatcher: timed(2000) });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('ok');
    });

    it.each([200, 600])('a hanging server is given up after the timeout (%i ms), at most about a second late, with a cause isFetchTimeout knows', async (ms) => {
      const started = Date.now();
      const error = await fetch(`${base}/hang`, { dispatcher: timed(ms) }).catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      // fetch lives outside Jest's sandbox: its TypeError is not this realm's.
      expect(error).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
      // undici 7's agent under Node 20's fetch (undici 6): the error reaches fetch by its name.
      expect(String((error as { cause?: unknown }).cause)).toMatch(/HeadersTimeoutError/);
      expect(isFetchTimeout(error)).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(ms - 10);
      expect(elapsed).toBeLessThan(ms + 1500);
    });
  });
});

describe('isFetchTimeout', () => {
  it.each([
    ['a headers timeout', Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_HEADERS_TIMEOUT' } }), true],
    ['a connect timeout', Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_CONNECT_TIMEOUT' } }), true],
    ['a headers timeout of another undici major, by name', Object.assign(new TypeError('fetch failed'), { cause: new Error('HeadersTimeoutError: Headers Timeout Error') }), true],
    ['a connect timeout by error name', Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('Connect Timeout Error'), { name: 'ConnectTimeoutError' }) }), true],
    ['another error whose message mentions a timeout', Object.assign(new TypeError('fetch failed'), { cause: new Error('upstream said: HeadersTimeoutErrorX') }), false],
    ['a refused connection', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), false],
    ['a body timeout (after the headers: the answer was in time)', Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_BODY_TIMEOUT' } }), false],
    ['an error without a cause', new TypeError('fetch failed'), false],
    ['null', null, false],
    ['a string', 'UND_ERR_HEADERS_TIMEOUT', false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isFetchTimeout(error)).toBe(expected);
  });
});
