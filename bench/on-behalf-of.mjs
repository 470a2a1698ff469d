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
  { id: 'fetch/fixed/interceptor', mode: 'fixed', client: 'fetch', tokens: 'users', context: 'interceptor' },
  { id: 'fetch/fixed/async-context', mode: 'fixed', client: 'fetch', tokens: 'users', context: 'async-local-storage' },
  { id: 'fetch/on-behalf-of/cold', mode: 'on-behalf-of', client: 'fetch', tokens: 'cold' },
];

/**
 * Services also measured two at a time, under load at once and sharing the server core, so
 * that whatever slows the shared machine down slows both alike: the scheduler gives each
 * half of the core, and the ratio of their rates is the ratio of their costs per request.
 * `[measured, baseline]`.
 */
const PAIRS = [
  ['fetch/on-behalf-of', 'fetch/fixed'],
  ['axios/on-behalf-of', 'axios/fixed'],
  ['fetch/fixed/interceptor', 'fetch/fixed'],
  ['fetch/fixed/async-context', 'fetch/fixed/interceptor'],
  ['fetch/on-behalf-of', 'fetch/fixed/async-context'],
];

/**
 * What is measured each round: one service or a pair at once (`services`), at a number of
 * connections each (`latency`: one connection).
 */
function measurements(settings) {
  const list = SERVICES.map((service) => ({ id: service.id, services: [service.id], connections: settings.connections }));
  for (const pair of PAIRS) list.push({ id: pair.join(' | '), services: pair, connections: settings.connections, paired: true });
  for (const service of ['fetch/fixed', 'fetch/on-behalf-of', 'fetch/on-behalf-of/cold']) {
    list.push({ id: `${service}@1`, services: [service], connections: 1, latency: true });
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
        context: service.context,
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
      .filter((m) => m.services.every((id) => services.has(id)))
      .map((measurement) => ({ measurement, runs: [] }));
    const counters = async () => ({ authority: await authorityStats(), downstream: await downstream.request({ type: 'stats' }, 'stats') });
    for (let round = 0; round < settings.runs; round += 1) {
      const order = entries.map((_, i) => entries[(i + round) % entries.length]);
      for (const entry of order) {
        const { measurement } = entry;
        const members = measurement.services.map((id) => services.get(id));
        const seconds = measurement.latency ? settings.latencySeconds : settings.durationSeconds;
        await Promise.all(members.map((member) => load(member, settings.rewarmSeconds, measurement.connections)));
        const before = { cpu: await Promise.all(members.map(serviceStats)), ...(await counters()) };
        const coreBefore = coreBusySeconds(settings.serverCore);
        const loads = await Promise.all(members.map((member) => load(member, seconds, measurement.connections)));
        const coreAfter = coreBusySeconds(settings.serverCore);
        const after = { cpu: await Promise.all(members.map(serviceStats)), ...(await counters()) };
        const shared = {
          // Calls the downstream answered in the window (autocannon leaves the last request of
          // each connection uncounted, the downstream does not).
          downstreamCalls: after.downstream.served - before.downstream.served,
          downstreamRefused: after.downstream.refused - before.downstream.refused,
          exchanges: after.authority.exchangesGranted - before.authority.exchangesGranted,
          exchangesRefused: after.authority.exchangesRefused - before.authority.exchangesRefused,
          authorityCpu: (after.authority.cpuMicros - before.authority.cpuMicros) / 1e6 / loads[0].durationSeconds,
        };
        const results = loads.map((result, i) => {
          const cpuMicros = after.cpu[i].cpuMicros - before.cpu[i].cpuMicros;
          // One service: the downstream's count; two: each service's own count of requests received.
          const calls = members.length === 1 ? shared.downstreamCalls : after.cpu[i].received - before.cpu[i].received;
          const serverCpu = cpuMicros / 1e6 / result.durationSeconds;
          return { ...result, ...shared, serverCpu, cpuMicrosPerRequest: calls > 0 ? cpuMicros / calls : undefined, exchangesPerCall: calls > 0 ? shared.exchanges / calls : undefined };
        });
        // Share of the service core spent on anything else (other processes, interrupts).
        const otherWork = coreBefore === undefined ? undefined : Math.max(0, (coreAfter - coreBefore) / loads[0].durationSeconds - results.reduce((sum, r) => sum + r.serverCpu, 0));
        for (const result of results) result.otherWorkOnServerCore = otherWork;
        const run = measurement.paired
          ? { members: results, ratio: results[0].requestsPerSecond / results[1].requestsPerSecond, cpuRatio: results[1].cpuMicrosPerRequest / results[0].cpuMicrosPerRequest }
          : results[0];
        entry.runs.push(run);
        log(`round ${round + 1}/${settings.runs} ${measurement.id}: ${describeRun(measurement, results, run)}`);
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
      measurements: entries.map(({ measurement, runs }) => (measurement.paired ? summarizePair(measurement, runs) : summarizeSingle(measurement, services.get(measurement.services[0]).service, runs))),
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

/** The CPU time and requests received so far of a service process. */
function serviceStats(member) {
  return member.child.request({ type: 'stats' }, 'stats');
}

const failuresOf = (r) => r.non2xx + r.errors + r.timeouts;

/** One line of the log for a run of one service or a pair. */
function describeRun(measurement, results, run) {
  const each = results.map(
    (r, i) =>
      `${measurement.paired ? `${measurement.services[i]} ` : ''}${Math.round(r.requestsPerSecond)} req/s, p50 ${r.latencyP50Ms} ms, p99 ${r.latencyP99Ms} ms, service CPU ${Math.round(r.serverCpu * 100)} %, ` +
      `${Math.round(r.cpuMicrosPerRequest)} µs CPU/request${failuresOf(r) ? `, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts` : ''}`,
  );
  const shared = `other work on the core ${Math.round((results[0].otherWorkOnServerCore ?? 0) * 100)} %, ${results[0].exchanges} exchanges`;
  return `${each.join(' | ')}; ${shared}${measurement.paired ? `; ratio ${run.ratio.toFixed(3)} (CPU ${run.cpuRatio.toFixed(3)})` : ''}`;
}

/** The medians of a one-service measurement's runs. */
function summarizeSingle(measurement, service, runs) {
  const medianOf = (field) => median(runs.map((r) => r[field]));
  return {
    ...measurement,
    mode: service.mode,
    client: service.client,
    tokens: service.tokens,
    runs,
    requestsPerSecond: medianOf('requestsPerSecond'),
    latencyP50Ms: medianOf('latencyP50Ms'),
    latencyP99Ms: medianOf('latencyP99Ms'),
    latencyAverageMs: medianOf('latencyAverageMs'),
    serverCpu: medianOf('serverCpu'),
    otherWorkOnServerCore: medianOf('otherWorkOnServerCore'),
    authorityCpu: medianOf('authorityCpu'),
    cpuMicrosPerRequest: medianOf('cpuMicrosPerRequest'),
    exchangesPerCall: medianOf('exchangesPerCall'),
    exchanges: runs.reduce((sum, r) => sum + r.exchanges, 0),
    failures: runs.reduce((sum, r) => sum + failuresOf(r) + r.downstreamRefused + r.exchangesRefused, 0),
  };
}

/** A pair measured at once: the medians of its runs' ratios (measured / baseline). */
function summarizePair(measurement, runs) {
  return {
    ...measurement,
    runs,
    ratio: median(runs.map((r) => r.ratio)),
    cpuRatio: median(runs.map((r) => r.cpuRatio)),
    requestsPerSecond: measurement.services.map((_, i) => median(runs.map((r) => r.members[i].requestsPerSecond))),
    cpuMicrosPerRequest: measurement.services.map((_, i) => median(runs.map((r) => r.members[i].cpuMicrosPerRequest))),
    otherWorkOnServerCore: median(runs.map((r) => r.members[0].otherWorkOnServerCore)),
    exchanges: runs.reduce((sum, r) => sum + r.members[0].exchanges, 0),
    failures: runs.reduce((sum, r) => sum + r.members.reduce((n, m) => n + failuresOf(m), 0) + r.members[0].downstreamRefused + r.members[0].exchangesRefused, 0),
  };
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
