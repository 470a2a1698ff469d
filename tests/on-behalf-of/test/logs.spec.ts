import { findLeaks, LogLeakAudit } from '@baton/testing';
import { FaultProxy } from '../../../security/test/support/fault-proxy.js';
import { ask, authorityUnavailable, EXCHANGE_REFUSED, FORWARDING_STOPPED, SERVICE_REFUSED } from './support/ask.js';
import { startDownstreams, type Downstreams } from './support/downstreams.js';
import { bearerOf, expectNoInboundToken } from './support/inbound-token-check.js';
import { startRealAuthority, type RealAuthority } from './support/real-authority.js';
import { RecordingLogger } from './support/recording-logger.js';
import { startShop, type Shop, type Via } from './support/shop-app.js';

/**
 * SECURITY.md O6 against the real authority: every path of an on-behalf-of call — success,
 * the authority refusing the user or the service, the authority down, the downstream refusing
 * the token or its scope, a 404 as an axios error, code forwarding the inbound token — with
 * the shop and the authority logging at every level (verbose included) into a logger that
 * keeps everything, and the handler logging each error whole, inspected, and to the console.
 * Then nothing logged may hold a token, an Authorization header or a client secret.
 */
const VIAS: readonly Via[] = ['fetch', 'axios'];
const WRONG_SECRET = 'wrong-shoppingbasket-secret-0d1f9a';

let real: RealAuthority;
let downstreams: Downstreams;
let proxy: FaultProxy;
const logger = new RecordingLogger();
let audit: LogLeakAudit | undefined;
const inbound: string[] = [];
/** The shop; one whose exchanges go through the fault proxy (1 retry); one with a wrong client secret. */
let shop: Shop;
let down: Shop;
let wrongSecret: Shop;
let alice: string;
let bob: string;

const call = (shop: Shop, route: string, token: string) => ask(`${shop.url}/basket/${route}`, token);
const signIn = async (username: string): Promise<string> => {
  const token = await real.signIn(username);
  inbound.push(token);
  return token;
};

beforeAll(async () => {
  real = await startRealAuthority(2, { logger: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] });
  [downstreams, proxy] = await Promise.all([startDownstreams(real.issuer), FaultProxy.start(real.issuer)]);
  // The last app created gets Nest's static logger: every shop, and the authority, log into `logger`.
  shop = await startShop(real, downstreams, { logger, onBehalfOf: { tokenEndpoint: `${proxy.url}/token` } });
  down = await startShop(real, downstreams, { logger, onBehalfOf: { tokenEndpoint: `${proxy.url}/token`, retries: 1 } });
  wrongSecret = await startShop(real, downstreams, { logger, onBehalfOf: { client: { id: 'shoppingbasket', secret: WRONG_SECRET } } });
  [alice, bob] = await Promise.all([signIn('alice'), signIn('bob')]);
});

afterAll(async () => {
  audit?.stop();
  for (const app of [shop, down, wrongSecret]) await app?.close();
  await proxy?.close();
  await downstreams?.close();
  await real?.close();
});

beforeEach(() => {
  logger.lines.length = 0;
  downstreams.reset();
  proxy.set({ mode: 'pass' });
  audit = LogLeakAudit.start();
});

afterEach(() => {
  audit?.stop();
  audit = undefined;
});

/**
 * What every test ends with: the capture saw something (the markers, and console output when
 * the handler logged errors), and none of it holds a JWT-shaped string, an Authorization
 * header, a client_secret or a known secret (every client secret of the authority, the wrong
 * one, the users' passwords), nor the bytes of any token of this run, inbound or exchanged.
 */
function expectCleanLogs(markers: readonly string[], consoleUsed: boolean): void {
  const captured = (audit as LogLeakAudit).stop();
  audit = undefined;
  const logs = logger.text();
  for (const marker of markers) expect(logs).toContain(marker);
  if (consoleUsed) expect(captured.charactersScanned).toBeGreaterThan(200);

  const secrets = [...Object.values(real.authority.clients).map((client) => client.secret), WRONG_SECRET];
  expect(findLeaks(logs, secrets)).toEqual([]);
  expect(captured.leaks).toEqual([]);
  const exchanged = downstreams.discount.requests.map((request) => bearerOf(request.authorization)).filter((token): token is string => token !== undefined);
  for (const token of [...inbound, ...exchanged]) {
    const [, payload, signature] = token.split('.') as [string, string, string];
    expect(logs.includes(payload)).toBe(false);
    expect(logs.includes(signature)).toBe(false);
  }
  expectNoInboundToken(downstreams, inbound);
}

it.each(VIAS)('O6: successful calls, logged at verbose by the shop and the authority, leave no token (%s)', async (via) => {
  expect((await call(shop, `logged?via=${via}`, alice)).status).toBe(200);
  expect((await call(shop, `logged?via=${via}`, bob)).status).toBe(200);
  expect(downstreams.discount.requests).toHaveLength(2);
  expectCleanLogs([`VERBOSE calling discount /coupons via ${via}`, 'DEBUG discount answered 200'], false);
});

it('O6: the exchanges themselves: the authority\'s audit lines name users, client and scopes, never a token', async () => {
  const fresh = await signIn('alice');
  expect((await call(shop, 'logged?via=fetch', fresh)).status).toBe(200);
  expectCleanLogs(['token exchange audit', '"outcome":"granted"', '"clientId":"shoppingbasket"', '"sub":"alice"'], false);
});

it.each(VIAS)('O6: the downstream refusing the token and its scope, errors logged whole, inspected and to the console (%s)', async (via) => {
  expect((await call(shop, `logged?via=${via}&path=/admin-only`, alice)).status).toBe(502);
  expect((await call(shop, `logged?via=${via}&path=/always-401`, bob)).status).toBe(502);
  expect(downstreams.discount.requests).toHaveLength(3);
  expectCleanLogs(['DownstreamForbiddenError', 'DownstreamTokenRejectedError'], true);
});

it.each(VIAS)('O6: the authority refusing the user (401) and this service (502), errors logged whole (%s)', async (via) => {
  const refused = real.resign(alice, { may_act: { sub: 'partner-gateway' } });
  inbound.push(refused);
  expect(await call(shop, `logged?via=${via}`, refused)).toEqual(EXCHANGE_REFUSED);
  expect(await call(wrongSecret, `logged?via=${via}`, bob)).toEqual(SERVICE_REFUSED);
  expectCleanLogs(['InvalidTokenError', 'ERR_TOKEN_EXCHANGE_REFUSED', 'TokenExchangeFailedError', 'ERR_EXCHANGE_INVALID_CLIENT', '"outcome":"refused"'], true);
});

it('O6: the authority answering 500 and then down, errors logged whole', async () => {
  const fresh = await signIn('bob');
  proxy.set({ mode: 'status', status: 500 });
  expect(await call(down, 'logged?via=fetch', fresh)).toEqual(authorityUnavailable(1));
  proxy.set({ mode: 'down' });
  expect(await call(down, 'logged?via=axios', fresh)).toEqual(authorityUnavailable(1));
  expectCleanLogs(['TemporarilyUnavailableError', 'ERR_EXCHANGE_UNAVAILABLE'], true);
});

it('O6: a downstream 404 is an AxiosError for axios (its config once held the token), logged whole by the handler and by Nest', async () => {
  expect((await call(shop, 'logged?via=axios&path=/missing', alice)).status).toBe(500);
  expect((await call(shop, 'logged?via=fetch&path=/missing', alice)).status).toBe(200);
  expect(downstreams.discount.hits('/api/missing')).toHaveLength(2);
  expectCleanLogs(['AxiosError', 'Request failed with status code 404', 'ExceptionsHandler'], true);
});

it.each(VIAS)('O6: code caught forwarding the inbound token: the error logged says where, not what (%s)', async (via) => {
  expect(await call(shop, `forward?via=${via}&in=header&to=discount`, alice)).toEqual(FORWARDING_STOPPED);
  expect(await call(shop, `forward?via=${via}&in=query&to=other`, bob)).toEqual(FORWARDING_STOPPED);
  expect(await call(shop, `forward?via=${via}&in=authorization&to=other`, bob)).toEqual(FORWARDING_STOPPED);
  expectCleanLogs(['InboundTokenForwardedError'], false);
});
