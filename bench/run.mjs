// The benchmark: `npm run bench` (builds, then runs this). See docs/benchmarks.md.
//
// The parent holds the test issuer and runs autocannon on one core; every server under test
// is its own child process on the other core. All servers are started and warmed up first,
// then measured in interleaved rounds (round r: every server once, in a rotated order), so a
// slow drift of the machine spreads over all configurations instead of favouring some.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestIssuer } from '@baton/testing';
import { benchConfigurations } from './configurations.mjs';
import { canPin, pinThisProcess, startChild } from './lib/child-process.mjs';
import { coreBusySeconds } from './lib/core-busy.mjs';
import { replaceMarkedSection } from './lib/exchange-results.mjs';
import { runLoad } from './lib/load.mjs';
import { withLoopbackLoad } from './lib/loopback-load.mjs';
import { readSettings } from './lib/settings.mjs';
import { renderReport } from './report.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = join(benchDir, '..');
const resultsDir = join(benchDir, 'results');
const AUDIENCE = 'bench-api';
const ALGORITHMS = ['ES256', 'RS256'];

const log = (message) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function mintTokens(issuer, poolSize) {
  const tokens = {};
  for (const alg of ALGORITHMS) {
    const started = performance.now();
    const pool = [];
    // Valid for the whole run; every token differs (fresh jti), typ at+jwt, aud = AUDIENCE.
    for (let i = 0; i < poolSize; i += 1) pool.push(await issuer.mint({ scope: 'hello.read' }, { alg, expiresIn: 3600 }));
    const repeated = await issuer.mint({ scope: 'hello.read' }, { alg, expiresIn: 3600 });
    tokens[alg] = { pool, repeated };
    log(`minted ${poolSize} ${alg} tokens in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return tokens;
}

/**
 * The single-core verification child: on the servers' core, measured once per round, with
 * the load core idle and with it busy (see withLoopbackLoad).
 */
async function startVerifyRates(settings, issuer, tokens) {
  const child = await startChild(join(benchDir, 'verify-rates.mjs'), [], { core: settings.serverCore });
  const pools = Object.fromEntries(ALGORITHMS.map((alg) => [alg, tokens[alg].pool.slice(0, 5_000)]));
  const publicJwks = Object.fromEntries(ALGORITHMS.map((alg) => [alg, issuer.signingKey(alg).publicJwk]));
  const setup = await child.request({ type: 'setup', issuer: issuer.issuer, audience: AUDIENCE, pools, publicJwks }, 'setup');
  if (setup.error) throw new Error(`verification rates failed: ${setup.error}`);
  const runs = [];
  return {
    runs,
    stop: () => child.stop(),
    async measureRound(round) {
      // jose is measured once: it is never the fastest, so it does not enter the limit.
      const kinds = round === 0 ? ['cryptoVerify', 'joseJwtVerify', 'batonVerify'] : ['cryptoVerify', 'batonVerify'];
      const message = { type: 'measure', kinds, seconds: settings.verifySeconds };
      const idle = await child.request(message, 'rates');
      const loaded = await withLoopbackLoad(() => child.request(message, 'rates'));
      for (const reply of [idle, loaded]) if (reply.error) throw new Error(`verification rates failed: ${reply.error}`);
      runs.push({ idle: idle.results, loaded: loaded.results, inFlight: idle.inFlight });
      for (const alg of ALGORITHMS) {
        const show = (r) => Object.entries(r).map(([kind, rate]) => `${kind} ${Math.round(rate)}/s`).join(', ');
        log(`round ${round + 1} ${alg} verification, load core idle: ${show(idle.results[alg])}; busy: ${show(loaded.results[alg])}`);
      }
    },
  };
}

/** Medians over rounds: { idle: { ES256: { cryptoVerify, ... } }, loaded: { ... }, inFlight }. */
function summarizeVerifyRates(runs) {
  const summary = { inFlight: runs[0]?.inFlight };
  for (const condition of ['idle', 'loaded']) {
    summary[condition] = {};
    for (const alg of ALGORITHMS) {
      summary[condition][alg] = {};
      for (const kind of ['cryptoVerify', 'joseJwtVerify', 'batonVerify']) {
        const values = runs.map((run) => run[condition][alg][kind]).filter((value) => value !== undefined);
        if (values.length > 0) summary[condition][alg][kind] = median(values);
      }
    }
  }
  return summary;
}

/** A token-less request must be refused by a guarded server, and a valid one accepted. */
async function checkServer(port, configuration, tokens) {
  const url = `http://127.0.0.1:${port}/hello`;
  const anonymous = await fetch(url);
  const expectedAnonymous = configuration.tokens === 'none' || configuration.auth === 'noop-guard' ? 200 : 401;
  if (anonymous.status !== expectedAnonymous) {
    throw new Error(`${configuration.id}: GET /hello without a token answered ${anonymous.status}, expected ${expectedAnonymous}`);
  }
  if (configuration.tokens !== 'none') {
    const token = configuration.tokens === 'repeated' ? tokens.repeated : tokens.pool[tokens.pool.length - 1];
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) {
      throw new Error(`${configuration.id}: GET /hello with a valid token answered ${response.status}: ${await response.text()}`);
    }
  }
}

function describeCpu() {
  const list = cpus();
  return { model: list[0]?.model ?? 'unknown', cores: list.length };
}

/**
 * The guard report with the exchange and on-behalf-of sections of the current file carried over
 * (they come from their own benchmarks, `npm run bench:exchange` and `npm run bench:on-behalf-of`).
 */
function keepMarkedSections(report, file) {
  if (!existsSync(file)) return report;
  const current = readFileSync(file, 'utf8');
  let text = report;
  for (const name of ['exchange', 'on-behalf-of']) {
    const start = current.indexOf(`<!-- ${name}:start -->`);
    const end = current.indexOf(`<!-- ${name}:end -->`);
    if (start === -1 || end < start) continue;
    const inner = current.slice(start + `<!-- ${name}:start -->`.length, end);
    text = replaceMarkedSection(text, name, inner);
  }
  return text;
}

async function main() {
  const settings = readSettings();
  const configurations = benchConfigurations().filter((c) => !settings.only || settings.only.test(c.id));
  if (configurations.length === 0) throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY} matches no configuration.`);
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const loadSamples = [];
  pinThisProcess(settings.loadCore);
  log(`1-minute load average before the run: ${loadBefore.toFixed(2)}`);
  log(
    `${configurations.length} servers, ${settings.runs} run(s) × ${settings.durationSeconds} s, ${settings.connections} connections, ` +
      `pool ${settings.poolSize} tokens/alg, ${canPin ? `servers on core ${settings.serverCore}, autocannon on core ${settings.loadCore}` : 'taskset not found: not pinned'}`,
  );

  const issuer = await TestIssuer.start({ algorithms: ALGORITHMS, audience: AUDIENCE });
  const servers = [];
  let verifyRates;
  try {
    const tokens = await mintTokens(issuer, settings.poolSize);

    verifyRates = await startVerifyRates(settings, issuer, tokens);

    const profileDir = join(resultsDir, 'profiles');
    if (settings.cpuProfile) mkdirSync(profileDir, { recursive: true });
    for (const configuration of configurations) {
      const config = { ...configuration, issuer: issuer.issuer, jwksUri: issuer.jwksUri, audience: AUDIENCE };
      const nodeArgs = settings.cpuProfile
        ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${configuration.id.replaceAll('/', '_')}.cpuprofile`]
        : [];
      const server = await startChild(join(benchDir, 'server.mjs'), [JSON.stringify(config)], { core: settings.serverCore, nodeArgs });
      // Each server walks the pool with its own cursor, from where its last run stopped.
      const algTokens = configuration.alg ? { ...tokens[configuration.alg], cursor: { next: 0 } } : undefined;
      servers.push({ configuration, server, tokens: algTokens, runs: [], cache: { hits: 0, misses: 0, admitted: 0 } });
      await checkServer(server.ready.port, configuration, algTokens);
      await runLoad({ port: server.ready.port, configuration, tokens: algTokens, seconds: settings.warmupSeconds, connections: settings.connections });
      log(`started and warmed up ${configuration.id} (pid ${server.pid}, port ${server.ready.port})`);
    }

    for (let round = 0; round < settings.runs; round += 1) {
      await verifyRates.measureRound(round);
      const order = servers.map((_, i) => servers[(i + round) % servers.length]);
      for (const entry of order) {
        const { configuration, server } = entry;
        const port = server.ready.port;
        const load = { port, configuration, tokens: entry.tokens, connections: settings.connections };
        await runLoad({ ...load, seconds: settings.rewarmSeconds });
        const before = await server.request({ type: 'stats' }, 'stats');
        const coreBefore = coreBusySeconds(settings.serverCore);
        const result = await runLoad({ ...load, seconds: settings.durationSeconds });
        const coreAfter = coreBusySeconds(settings.serverCore);
        const { verifiedTokenCache, cpuMicros, signatureChecks } = await server.request({ type: 'stats' }, 'stats');
        loadSamples.push(loadavg()[0]);
        if (signatureChecks?.calls > 0) result.signatureCheckMicros = signatureChecks.micros / signatureChecks.calls;
        // Share of one core the server used: below ~0.9 it was not the bottleneck.
        result.serverCpu = (cpuMicros - before.cpuMicros) / 1e6 / result.durationSeconds;
        // Share of the servers' core taken by other processes (other users of the machine):
        // time that core was busy, less what the server itself used.
        if (coreBefore !== undefined && coreAfter !== undefined) {
          result.otherCpuOnServerCore = Math.max(0, (coreAfter - coreBefore - (cpuMicros - before.cpuMicros) / 1e6) / result.durationSeconds);
        }
        if (verifiedTokenCache) {
          entry.cache.hits += verifiedTokenCache.hits;
          entry.cache.misses += verifiedTokenCache.misses;
          entry.cache.admitted += verifiedTokenCache.admitted;
        }
        entry.runs.push(result);
        const failures = result.non2xx + result.errors + result.timeouts;
        log(
          `round ${round + 1}/${settings.runs} ${configuration.id}: ${Math.round(result.requestsPerSecond)} req/s, ` +
            `p99 ${result.latencyP99Ms} ms, server CPU ${Math.round(result.serverCpu * 100)} %` +
            (result.otherCpuOnServerCore === undefined ? '' : `, others on its core ${Math.round(result.otherCpuOnServerCore * 100)} %`) +
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
      // 1-minute load average before the run, and its highest value after each measured run
      // (the benchmark itself keeps about 2 processes busy).
      loadAverage: { before: loadBefore, maxDuringRuns: loadSamples.length > 0 ? Math.max(...loadSamples) : undefined },
      command: 'npm run bench',
      settings: { ...settings, only: settings.only?.source },
      audience: AUDIENCE,
      verifyRates: summarizeVerifyRates(verifyRates.runs),
      verifyRateRuns: verifyRates.runs,
      configurations: servers.map(({ configuration, runs, cache }) => ({
        ...configuration,
        runs,
        requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
        latencyP99Ms: median(runs.map((r) => r.latencyP99Ms)),
        serverCpu: median(runs.map((r) => r.serverCpu)),
        otherCpuOnServerCore: runs[0]?.otherCpuOnServerCore === undefined ? undefined : median(runs.map((r) => r.otherCpuOnServerCore)),
        serverCpuMicrosPerRequest: median(runs.map((r) => (r.serverCpu * 1e6) / r.requestsPerSecond)),
        signatureCheckMicros: runs[0]?.signatureCheckMicros === undefined ? undefined : median(runs.map((r) => r.signatureCheckMicros)),
        failures: runs.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
        verifiedTokenCache: configuration.auth.startsWith('baton') && configuration.tokens === 'distinct' ? cache : undefined,
      })),
    };

    mkdirSync(resultsDir, { recursive: true });
    const stamp = results.date.replaceAll(':', '-').replace(/\..*/, '');
    const resultsFile = join(resultsDir, `${stamp}${settings.quick ? '-quick' : ''}.json`);
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
    // Only a full run of every configuration becomes docs/benchmarks.md.
    const complete = !settings.quick && !settings.only;
    const reportFile = complete ? join(repositoryRoot, 'docs', 'benchmarks.md') : join(resultsDir, 'benchmarks.md');
    mkdirSync(dirname(reportFile), { recursive: true });
    writeFileSync(reportFile, complete ? keepMarkedSections(renderReport(results), reportFile) : renderReport(results));
    log(`raw results: ${relative(repositoryRoot, resultsFile)}; report: ${relative(repositoryRoot, reportFile)}`);
    log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
    const failed = results.configurations.filter((c) => c.failures > 0);
    if (failed.length > 0) {
      throw new Error(`Some requests failed (non-2xx, errors or timeouts): ${failed.map((c) => `${c.id} (${c.failures})`).join(', ')}`);
    }
  } finally {
    await Promise.all([...servers.map(({ server }) => server.stop()), verifyRates?.stop()]);
    await issuer.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
