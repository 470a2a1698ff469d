// Token exchange vs client credentials on the same authority (issue 3, item 5):
// `npm run bench:exchange` (builds first with `npm run bench`). See docs/benchmarks.md.
//
// One oidc-provider process with @baton/authority's grant (bench/exchange-server.mjs) on the
// server core; autocannon POSTs to its token endpoint from this process on the other core. The
// grants are measured side by side in interleaved rounds (round r: every grant once, in a
// rotated order), so a slow drift of the machine spreads over all of them.
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { TestIssuer } from '@baton/testing';
import { canPin, pinThisProcess, startChild } from './lib/child-process.mjs';
import { EXCHANGE_CLIENT_ID, PARTNER, PARTNER_CLIENT_ID, SUBJECT, TARGET } from './lib/exchange-constants.mjs';
import { coreBusySeconds } from './lib/core-busy.mjs';
import { cycle, runHttpLoad } from './lib/exchange-load.mjs';
import { renderExchangeReport } from './lib/exchange-report.mjs';
import { describeCpu, logger, median, resultsDir, saveResults, sleep } from './lib/exchange-results.mjs';
import { readExchangeSettings } from './lib/exchange-settings.mjs';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const log = logger('exchange');

const basic = (id, secret) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const form = (params) => new URLSearchParams(params).toString();
const exchangeBody = (subjectToken, audience, scope) =>
  form({ grant_type: TOKEN_EXCHANGE, subject_token: subjectToken, subject_token_type: ACCESS_TOKEN_TYPE, audience, scope });
const payloadOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

const GRANT_IDS = ['client-credentials', 'token-exchange', 'token-exchange/partner'];

/** The grants measured, in report order (ids as in GRANT_IDS); `goal: true` for the two the issue compares. */
function configurations({ secrets, ownTokens, partnerTokens }) {
  const ownBodies = ownTokens.map((token) => exchangeBody(token, TARGET.audience, TARGET.scope));
  const partnerBodies = partnerTokens.map((token) => exchangeBody(token, PARTNER.target, PARTNER.scope));
  const meanLength = (list) => list.reduce((sum, item) => sum + item.length, 0) / list.length;
  const ccBody = form({ grant_type: 'client_credentials', resource: TARGET.resource, scope: TARGET.scope });
  const headers = (clientId) => ({ authorization: basic(clientId, secrets[clientId]), 'content-type': 'application/x-www-form-urlencoded' });
  return [
    {
      id: 'client-credentials',
      label: 'client_credentials',
      detail: `client ${EXCHANGE_CLIENT_ID}, resource ${TARGET.resource}, scope ${TARGET.scope}`,
      headers: headers(EXCHANGE_CLIENT_ID),
      body: ccBody,
      bodyBytes: ccBody.length,
      audience: TARGET.audience,
      goal: true,
    },
    {
      id: 'token-exchange',
      label: 'token exchange, subject tokens of this authority',
      detail: `client ${EXCHANGE_CLIENT_ID}, audience ${TARGET.audience}, scope ${TARGET.scope}, ${ownTokens.length.toLocaleString('en-US')} distinct RS256 user tokens`,
      headers: headers(EXCHANGE_CLIENT_ID),
      bodies: cycle(ownBodies),
      bodyBytes: meanLength(ownBodies),
      audience: TARGET.audience,
      exchange: true,
      goal: true,
    },
    {
      id: 'token-exchange/partner',
      label: 'token exchange, subject tokens of a trusted partner authority',
      detail: `client ${PARTNER_CLIENT_ID}, audience ${PARTNER.target}, scope ${PARTNER.scope}, ${partnerTokens.length.toLocaleString('en-US')} distinct ES256 partner tokens, mapping rules and claims transformation`,
      headers: headers(PARTNER_CLIENT_ID),
      bodies: cycle(partnerBodies),
      bodyBytes: meanLength(partnerBodies),
      audience: PARTNER.target,
      exchange: true,
    },
  ];
}

/** Each grant must answer 200 with a JWT for the target (and `act` for an exchange) and `no-store`. */
async function checkGrant(tokenEndpoint, configuration) {
  const body = configuration.body ?? configuration.bodies.next();
  const response = await fetch(tokenEndpoint, { method: 'POST', headers: configuration.headers, body });
  const answer = await response.json();
  if (response.status !== 200) throw new Error(`${configuration.id}: the token endpoint answered ${response.status} ${answer.error}: ${answer.error_description}`);
  if (response.headers.get('cache-control') !== 'no-store') throw new Error(`${configuration.id}: Cache-Control is ${response.headers.get('cache-control')}, expected no-store`);
  const claims = payloadOf(answer.access_token);
  if (claims.aud !== configuration.audience) throw new Error(`${configuration.id}: aud ${claims.aud}, expected ${configuration.audience}`);
  if (configuration.exchange && (claims.act?.sub === undefined || answer.issued_token_type !== ACCESS_TOKEN_TYPE)) {
    throw new Error(`${configuration.id}: the exchanged token has no act claim or the answer no issued_token_type`);
  }
}

async function main() {
  const settings = readExchangeSettings();
  const started = Date.now();
  // The machine is shared: the 1-minute load average before and after says how quiet it was.
  const loadAtStart = loadavg()[0];
  if (settings.only && !GRANT_IDS.some((id) => settings.only.test(id))) throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY} matches no grant (${GRANT_IDS.join(', ')}).`);
  pinThisProcess(settings.loadCore);
  log(
    `${settings.runs} run(s) × ${settings.durationSeconds} s per grant, ${settings.connections} connections, pool ${settings.poolSize} subject tokens, ` +
      `${canPin ? `authority on core ${settings.serverCore}, autocannon on core ${settings.loadCore}` : 'taskset not found: not pinned'}`,
  );

  const partner = await TestIssuer.start({ algorithms: ['ES256'], audience: PARTNER.audience });
  const profileDir = join(resultsDir, 'profiles');
  if (settings.cpuProfile) mkdirSync(profileDir, { recursive: true });
  const nodeArgs = settings.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-name=exchange-authority.cpuprofile'] : [];
  let authority;
  try {
    authority = await startChild(new URL('./exchange-server.mjs', import.meta.url).pathname, [], { core: settings.serverCore, nodeArgs });
    const ready = await authority.request({ type: 'start', partner: { issuer: partner.issuer, jwksUri: partner.jwksUri } }, 'started');
    if (ready.error) throw new Error(`the authority did not start: ${ready.error}`);
    const tokenEndpoint = `${ready.issuer}/token`;

    const minted = await authority.request(
      { type: 'mint', count: settings.poolSize, prefix: 'user-', audience: SUBJECT.audience, scope: SUBJECT.scope, expiresIn: settings.userTokenLifetime },
      'minted',
    );
    if (minted.error) throw new Error(`minting failed: ${minted.error}`);
    log(`the authority issued ${minted.tokens.length} user tokens in ${minted.seconds.toFixed(1)} s`);
    const partnerStarted = performance.now();
    const partnerTokens = [];
    for (let i = 0; i < settings.poolSize; i += 1) {
      const claims = { sub: `p-${i}`, scope: 'events:read', name: `Partner user ${i}`, email: `p-${i}@partner.example`, email_verified: true, department: i % 2 ? 'marketing' : 'sales', group: ['staff'] };
      partnerTokens.push(await partner.mint(claims, { alg: 'ES256', expiresIn: settings.userTokenLifetime }));
    }
    log(`the partner issued ${partnerTokens.length} tokens in ${((performance.now() - partnerStarted) / 1000).toFixed(1)} s`);

    const entries = configurations({ secrets: ready.secrets, ownTokens: minted.tokens, partnerTokens })
      .filter((c) => !settings.only || settings.only.test(c.id))
      .map((configuration) => ({ configuration, runs: [] }));
    const load = (configuration, seconds, connections = settings.connections) =>
      runHttpLoad({
        url: tokenEndpoint,
        method: 'POST',
        headers: configuration.headers,
        body: configuration.body,
        vary: configuration.bodies && (() => ({ body: configuration.bodies.next() })),
        seconds,
        connections,
      });

    for (const { configuration } of entries) {
      await checkGrant(tokenEndpoint, configuration);
      await load(configuration, settings.warmupSeconds);
      log(`checked and warmed up ${configuration.id}`);
    }

    for (let round = 0; round < settings.runs; round += 1) {
      const order = entries.map((_, i) => entries[(i + round) % entries.length]);
      for (const entry of order) {
        const { configuration } = entry;
        await load(configuration, settings.rewarmSeconds);
        const coreBefore = coreBusySeconds(settings.serverCore);
        const before = await authority.request({ type: 'stats' }, 'stats');
        const result = await load(configuration, settings.durationSeconds);
        const after = await authority.request({ type: 'stats' }, 'stats');
        const coreAfter = coreBusySeconds(settings.serverCore);
        // Grants the authority answered in the window (autocannon leaves the last requests of
        // each connection uncounted, the authority does not): the denominator of per-grant costs.
        const served = (stats) => stats.counters.exchangesGranted + stats.counters.exchangesRefused + stats.counters.clientCredentials;
        const requests = served(after) - served(before);
        result.serverCpu = (after.cpuMicros - before.cpuMicros) / 1e6 / result.durationSeconds;
        // Share of the authority's core spent on anything else (other processes, interrupts).
        result.otherWorkOnServerCore = coreBefore === undefined ? undefined : Math.max(0, (coreAfter - coreBefore) / result.durationSeconds - result.serverCpu);
        result.cpuMicrosPerRequest = requests > 0 ? (after.cpuMicros - before.cpuMicros) / requests : undefined;
        result.signatureChecksPerRequest = requests > 0 ? (after.signatureChecks.calls - before.signatureChecks.calls) / requests : undefined;
        const checks = after.signatureChecks.calls - before.signatureChecks.calls;
        result.signatureCheckMicros = checks > 0 ? (after.signatureChecks.micros - before.signatureChecks.micros) / checks : undefined;
        result.grantsServed = requests;
        result.exchangesGranted = after.counters.exchangesGranted - before.counters.exchangesGranted;
        result.exchangesRefused = after.counters.exchangesRefused - before.counters.exchangesRefused;
        result.clientCredentialsIssued = after.counters.clientCredentials - before.counters.clientCredentials;
        entry.runs.push(result);
        const failures = result.non2xx + result.errors + result.timeouts;
        log(
          `round ${round + 1}/${settings.runs} ${configuration.id}: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.latencyP99Ms} ms, ` +
            `authority CPU ${Math.round(result.serverCpu * 100)} % (other work on its core ${Math.round((result.otherWorkOnServerCore ?? 0) * 100)} %), ${Math.round(result.cpuMicrosPerRequest)} µs CPU/request, ` +
            `${result.signatureChecksPerRequest.toFixed(2)} signature checks/request` +
            (failures ? `, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts` : ''),
        );
        await sleep(200);
      }
    }

    const finalStats = await authority.request({ type: 'stats' }, 'stats');
    const results = {
      date: new Date(started).toISOString(),
      finishedAt: new Date().toISOString(),
      node: process.version,
      cpu: describeCpu(),
      pinned: canPin,
      loadAverage: { start: loadAtStart, end: loadavg()[0] },
      command: 'npm run bench:exchange',
      settings: { ...settings, only: settings.only?.source },
      refusals: finalStats.counters.refusals,
      configurations: entries.map(({ configuration, runs }) => ({
        id: configuration.id,
        label: configuration.label,
        detail: configuration.detail,
        goal: configuration.goal === true,
        bodyBytes: configuration.bodyBytes,
        runs,
        requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
        latencyP99Ms: median(runs.map((r) => r.latencyP99Ms)),
        latencyP50Ms: median(runs.map((r) => r.latencyP50Ms)),
        serverCpu: median(runs.map((r) => r.serverCpu)),
        otherWorkOnServerCore: median(runs.map((r) => r.otherWorkOnServerCore)),
        cpuMicrosPerRequest: median(runs.map((r) => r.cpuMicrosPerRequest)),
        signatureChecksPerRequest: median(runs.map((r) => r.signatureChecksPerRequest)),
        signatureCheckMicros: median(runs.map((r) => r.signatureCheckMicros)),
        failures: runs.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
      })),
    };

    const complete = !settings.quick && !settings.only;
    const written = saveResults('exchange', results, renderExchangeReport(results), { complete });
    log(`raw results: ${written.resultsFile}; report: ${written.reportFile}`);
    log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
    const failed = results.configurations.filter((c) => c.failures > 0);
    if (failed.length > 0) throw new Error(`Some requests failed (non-2xx, errors or timeouts): ${failed.map((c) => `${c.id} (${c.failures})`).join(', ')}; refusals: ${JSON.stringify(results.refusals)}`);
  } finally {
    await authority?.stop();
    await partner.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
