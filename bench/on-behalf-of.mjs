// The on-behalf-of interceptor with a warm exchanged-token cache vs the same outbound call with a
// fixed token (issue 4, item 5), and the cold path (exchange + call): `npm run bench:on-behalf-of`
// (builds first). See docs/benchmarks.md.
//
// Processes: each service under test (a Nest app, bench/on-behalf-of-server.mjs) on the server
// core; the authority (oidc-provider + @baton/authority, bench/exchange-server.mjs), the
// downstream (bench/on-behalf-of-downstream.mjs) and autocannon (this process) on the load core,
// so that the server core does only the service's work. All services are started and warmed up
// first, then measured in interleaved rounds (every measurement once per round, rotated).
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { canPin, pinThisProcess, startChild } from './lib/child-process.mjs';
import { COUPON_PATH, EXCHANGE_CLIENT_ID, SUBJECT, TARGET } from './lib/exchange-constants.mjs';
import { coreBusySeconds } from './lib/core-busy.mjs';
import { cycle, runHttpLoad } from './lib/exchange-load.mjs';
import { describeCpu, logger, median, resultsDir, saveResults, sleep } from './lib/exchange-results.mjs';
import { readExchangeSettings } from './lib/exchange-settings.mjs';
import { renderOnBehalfOfReport } from './lib/on-behalf-of-report.mjs';

const log = logger('on-behalf-of');
const benchFile = (name) => new URL(name, import.meta.url).pathname;

/** The services under test. `tokens`: the warm pool of users, or the cold pool of distinct tokens. */
const SERVICES = [
  { id: 'fetch/fixed', mode: 'fixed', client: 'fetch', tokens: 'users' },
  { id: 'fetch/on-behalf-of', mode: 'on-behalf-of', client: 'fetch', tokens: 'users' },
  { id: 'axios/fixed', mode: 'fixed', client: 'axios', tokens: 'users' },
  { id: 'axios/on-behalf-of', mode: 'on-behalf-of', client: 'axios', tokens: 'users' },
  { id: 'fetch/on-behalf-of/cold', mode: 'on-behalf-of', client: 'fetch', tokens: 'cold' },
];

/** What is measured each round: a service at a number of connections (`latency`: one connection). */
function measurements(settings) {
  const list = SERVICES.map((service) => ({ id: service.id, service: service.id, connections: settings.connections }));
  for (const service of ['fetch/fixed', 'fetch/on-behalf-of', 'fetch/on-behalf-of/cold']) {
    list.push({ id: `${service}@1`, service, connections: 1, latency: true });
  }
  return list;
}

/** Without a token the guard answers 401; with one, the route answers the downstream's coupon. */
async function checkService(port, token) {
  const url = `http://127.0.0.1:${port}${COUPON_PATH}`;
  const anonymous = await fetch(url);
  if (anonymous.status !== 401) throw new Error(`GET ${COUPON_PATH} without a token answered ${anonymous.status}, expected 401`);
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.text();
  if (response.status !== 200 || JSON.parse(body).code !== 'BENCH10') throw new Error(`GET ${COUPON_PATH} with a token answered ${response.status}: ${body.slice(0, 300)}`);
}

/** Load on a service, each request with the next token of its pool. */
function load(entry, seconds, connections) {
  return runHttpLoad({
    url: `http://127.0.0.1:${entry.port}${COUPON_PATH}`,
    vary: () => ({ headers: { authorization: `Bearer ${entry.tokens.next()}` } }),
    seconds,
    connections,
  });
}

async function main() {
  const settings = readExchangeSettings();
  const started = Date.now();
  // The machine is shared: the 1-minute load average before and after says how quiet it was.
  const loadAtStart = loadavg()[0];
  const selected = SERVICES.filter((s) => !settings.only || settings.only.test(s.id));
  if (selected.length === 0) throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY} matches no service.`);
  pinThisProcess(settings.loadCore);
  log(
    `${selected.length} services, ${settings.runs} run(s) × ${settings.durationSeconds} s, ${settings.connections} connections, ${settings.users} users (warm), ` +
      `${settings.poolSize} distinct tokens (cold), ${canPin ? `services on core ${settings.serverCore}; authority, downstream and autocannon on core ${settings.loadCore}` : 'taskset not found: not pinned'}`,
  );
  const children = [];
  try {
    const authority = await startChild(benchFile('./exchange-server.mjs'), [], { core: settings.loadCore });
    children.push(authority);
    const ready = await authority.request({ type: 'start' }, 'started');
    if (ready.error) throw new Error(`the authority did not start: ${ready.error}`);
    const mint = async (prefix, count, audience = SUBJECT.audience, scope = SUBJECT.scope) => {
      const minted = await authority.request({ type: 'mint', count, prefix, audience, scope, expiresIn: settings.userTokenLifetime }, 'minted');
      if (minted.error) throw new Error(`minting failed: ${minted.error}`);
      return minted.tokens;
    };
    const userTokens = await mint('user-', settings.users);
    const coldTokens = await mint('cold-', settings.poolSize);
    // The baseline's token: one the authority issued for the downstream, like an exchanged one.
    const [fixedToken] = await mint('fixed-', 1, TARGET.audience, TARGET.scope);
    log(`the authority issued ${userTokens.length} user tokens (warm), ${coldTokens.length} (cold) and the fixed token`);
    const pools = { users: userTokens, cold: coldTokens };

    const downstream = await startChild(benchFile('./on-behalf-of-downstream.mjs'), [TARGET.audience], { core: settings.loadCore });
    children.push(downstream);
    const downstreamUrl = `http://127.0.0.1:${downstream.ready.port}`;
    const authorityStats = async () => {
      const stats = await authority.request({ type: 'stats' }, 'stats');
      return { ...stats.counters, cpuMicros: stats.cpuMicros };
    };

    const profileDir = join(resultsDir, 'profiles');
    if (settings.cpuProfile) mkdirSync(profileDir, { recursive: true });
    const services = new Map();
    for (const service of selected) {
      const nodeArgs = settings.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=on-behalf-of-${service.id.replaceAll('/', '_')}.cpuprofile`] : [];
      const child = await startChild(benchFile('./on-behalf-of-server.mjs'), [], { core: settings.serverCore, nodeArgs });
      children.push(child);
      const config = {
        mode: service.mode,
        client: service.client,
        issuer: ready.issuer,
        audience: SUBJECT.audience,
        scope: SUBJECT.scope,
        downstream: { baseUrl: downstreamUrl, audience: TARGET.audience, scope: TARGET.scope },
        clientId: EXCHANGE_CLIENT_ID,
        clientSecret: ready.secrets[EXCHANGE_CLIENT_ID],
        fixedAuthorization: `Bearer ${fixedToken}`,
      };
      const answer = await child.request({ type: 'start', config }, 'started');
      if (answer.error) throw new Error(`${service.id} did not start: ${answer.error}`);
      const tokens = cycle(pools[service.tokens]);
      const entry = { service, child, port: answer.port, tokens };
      services.set(service.id, entry);

      const before = await authorityStats();
      await checkService(answer.port, tokens.next());
      // Every user once, one at a time (the warm services): each user's token is exchanged here.
      if (service.tokens === 'users') for (let i = 1; i < tokens.size; i += 1) await checkService(answer.port, tokens.next());
      await load(entry, settings.warmupSeconds, settings.connections);
      const after = await authorityStats();
      entry.warmupExchanges = after.exchangesGranted - before.exchangesGranted;
      log(`started, checked and warmed up ${service.id} (pid ${child.pid}, port ${answer.port}): ${entry.warmupExchanges} exchanges during warm-up`);
      if (service.mode === 'on-behalf-of' && service.tokens === 'users' && entry.warmupExchanges !== settings.users) {
        throw new Error(`${service.id}: ${entry.warmupExchanges} exchanges for ${settings.users} users during warm-up; expected exactly one per user (cache and single flight)`);
      }
    }

    const entries = measurements(settings)
      .filter((m) => services.has(m.service))
      .map((measurement) => ({ measurement, runs: [] }));
    for (let round = 0; round < settings.runs; round += 1) {
      const order = entries.map((_, i) => entries[(i + round) % entries.length]);
      for (const entry of order) {
        const { measurement } = entry;
        const service = services.get(measurement.service);
        const seconds = measurement.latency ? settings.latencySeconds : settings.durationSeconds;
        await load(service, settings.rewarmSeconds, measurement.connections);
        const before = { cpu: await service.child.request({ type: 'stats' }, 'stats'), authority: await authorityStats(), downstream: await downstream.request({ type: 'stats' }, 'stats') };
        const coreBefore = coreBusySeconds(settings.serverCore);
        const result = await load(service, seconds, measurement.connections);
        const coreAfter = coreBusySeconds(settings.serverCore);
        const after = { cpu: await service.child.request({ type: 'stats' }, 'stats'), authority: await authorityStats(), downstream: await downstream.request({ type: 'stats' }, 'stats') };
        // Calls the downstream answered in the window (one per request the service completed;
        // autocannon leaves the last request of each connection uncounted, the downstream does not).
        const calls = after.downstream.served - before.downstream.served;
        const cpuMicros = after.cpu.cpuMicros - before.cpu.cpuMicros;
        result.serverCpu = cpuMicros / 1e6 / result.durationSeconds;
        // Share of the service's core spent on anything else (other processes, interrupts).
        result.otherWorkOnServerCore = coreBefore === undefined ? undefined : Math.max(0, (coreAfter - coreBefore) / result.durationSeconds - result.serverCpu);
        result.cpuMicrosPerRequest = calls > 0 ? cpuMicros / calls : undefined;
        result.authorityCpu = (after.authority.cpuMicros - before.authority.cpuMicros) / 1e6 / result.durationSeconds;
        result.downstreamCalls = calls;
        result.downstreamRefused = after.downstream.refused - before.downstream.refused;
        result.exchanges = after.authority.exchangesGranted - before.authority.exchangesGranted;
        result.exchangesRefused = after.authority.exchangesRefused - before.authority.exchangesRefused;
        result.exchangesPerCall = calls > 0 ? result.exchanges / calls : undefined;
        entry.runs.push(result);
        const failures = result.non2xx + result.errors + result.timeouts;
        log(
          `round ${round + 1}/${settings.runs} ${measurement.id}: ${Math.round(result.requestsPerSecond)} req/s, p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms, ` +
            `service CPU ${Math.round(result.serverCpu * 100)} % (other work on its core ${Math.round((result.otherWorkOnServerCore ?? 0) * 100)} %), ${Math.round(result.cpuMicrosPerRequest)} µs CPU/request, ${result.exchanges} exchanges` +
            (failures ? `, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts` : ''),
        );
        await sleep(200);
      }
    }

    const results = {
      date: new Date(started).toISOString(),
      finishedAt: new Date().toISOString(),
      node: process.version,
      cpu: describeCpu(),
      pinned: canPin,
      loadAverage: { start: loadAtStart, end: loadavg()[0] },
      command: 'npm run bench:on-behalf-of',
      settings: { ...settings, only: settings.only?.source },
      warmupExchanges: Object.fromEntries([...services].map(([id, s]) => [id, s.warmupExchanges])),
      measurements: entries.map(({ measurement, runs }) => {
        const service = services.get(measurement.service).service;
        return {
          ...measurement,
          mode: service.mode,
          client: service.client,
          tokens: service.tokens,
          runs,
          requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
          latencyP50Ms: median(runs.map((r) => r.latencyP50Ms)),
          latencyP99Ms: median(runs.map((r) => r.latencyP99Ms)),
          latencyAverageMs: median(runs.map((r) => r.latencyAverageMs)),
          serverCpu: median(runs.map((r) => r.serverCpu)),
          otherWorkOnServerCore: median(runs.map((r) => r.otherWorkOnServerCore)),
          authorityCpu: median(runs.map((r) => r.authorityCpu)),
          cpuMicrosPerRequest: median(runs.map((r) => r.cpuMicrosPerRequest)),
          exchangesPerCall: median(runs.map((r) => r.exchangesPerCall)),
          exchanges: runs.reduce((sum, r) => sum + r.exchanges, 0),
          failures: runs.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts + r.downstreamRefused + r.exchangesRefused, 0),
        };
      }),
    };

    const complete = !settings.quick && !settings.only;
    const written = saveResults('on-behalf-of', results, renderOnBehalfOfReport(results), { complete });
    log(`raw results: ${written.resultsFile}; report: ${written.reportFile}`);
    log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
    const failed = results.measurements.filter((m) => m.failures > 0);
    if (failed.length > 0) throw new Error(`Some requests failed (non-2xx, errors, timeouts, refused calls or exchanges): ${failed.map((m) => `${m.id} (${m.failures})`).join(', ')}`);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
