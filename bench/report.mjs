// Turns a results JSON into docs/benchmarks.md. bench/run.mjs calls renderReport; to redo the
// page from saved numbers: `node bench/report.mjs bench/results/latest.json > docs/benchmarks.md`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ALGORITHMS = ['ES256', 'RS256'];

const GOALS = {
  verificationLimit: 0.9,
  overPassport: 2,
  repeatedExpress: 0.95,
  repeatedFastify: 0.85,
};

const integer = (value) => (value === undefined ? '—' : Math.round(value).toLocaleString('en-US'));
const percent = (value, digits = 0) => (value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)} %`);
const ratio = (value) => (value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(2));
const times = (value) => (value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(2)}×`);
const verdict = (met) => (met === undefined ? '—' : met ? '**met**' : '**missed**');

/** Everything the report derives from the raw numbers. */
export function summarize(results) {
  const byId = new Map(results.configurations.map((c) => [c.id, c]));
  const rps = (id) => byId.get(id)?.requestsPerSecond;
  const over = (a, b) => (a === undefined || b === undefined ? undefined : a / b);
  const unguarded = { express: rps('nest-express/none'), fastify: rps('nest-fastify/none'), plainExpress: rps('express/none') };

  const perAlg = {};
  // The fastest way to check one signature on one core: crypto.verify or jose, whichever is
  // faster, with the other core idle or busy, whichever is faster (Baton is what is judged).
  const fastest = (...rateSets) => {
    const rates = rateSets.flatMap((set) => Object.entries(set ?? {}).filter(([kind]) => kind !== 'batonVerify').map(([, rate]) => rate));
    return rates.length > 0 ? Math.max(...rates) : undefined;
  };
  const limitOf = (unguardedRps, verifyRate) =>
    unguardedRps === undefined || verifyRate === undefined ? undefined : 1 / (1 / unguardedRps + 1 / verifyRate);
  for (const alg of ALGORITHMS) {
    const fastestVerify = fastest(results.verifyRates?.loaded?.[alg], results.verifyRates?.idle?.[alg]);
    const limit = (unguardedRps) => limitOf(unguardedRps, fastestVerify);
    const batonExpress = rps(`nest-express/baton/${alg}/distinct`);
    const batonFastify = rps(`nest-fastify/baton/${alg}/distinct`);
    const passport = rps(`nest-express/passport-jwt/${alg}/distinct`);
    const auth0 = rps(`express/auth0/${alg}/distinct`);
    const limitExpress = limit(unguarded.express);
    const limitFastify = limit(unguarded.fastify);
    perAlg[alg] = {
      fastestVerify,
      limitExpress,
      limitFastify,
      batonOfLimitExpress: over(batonExpress, limitExpress),
      batonOfLimitFastify: over(batonFastify, limitFastify),
      batonOverPassport: over(batonExpress, passport),
      batonPassportPathOverPassport: over(rps(`nest-express/baton-passport/${alg}/distinct`), passport),
      batonGuardedRatio: over(batonExpress, unguarded.express),
      auth0GuardedRatio: over(auth0, unguarded.plainExpress),
      repeatedExpress: over(rps(`nest-express/baton/${alg}/repeated`), unguarded.express),
      repeatedFastify: over(rps(`nest-fastify/baton/${alg}/repeated`), unguarded.fastify),
      noopGuardExpress: over(rps('nest-express/noop-guard/ES256/repeated'), unguarded.express),
      noopGuardFastify: over(rps('nest-fastify/noop-guard/ES256/repeated'), unguarded.fastify),
    };
  }
  return { byId, unguarded, perAlg };
}

function goalRows(perAlg) {
  const rows = [];
  for (const alg of ALGORITHMS) {
    const s = perAlg[alg];
    const atLeast = (value, goal) => (value === undefined ? undefined : value >= goal);
    rows.push(
      [
        `Baton distinct tokens ≥ 90 % of the verification limit (express), ${alg}`,
        `${percent(s.batonOfLimitExpress, 1)} of ${integer(s.limitExpress)} req/s`,
        verdict(atLeast(s.batonOfLimitExpress, GOALS.verificationLimit)),
      ],
      [
        `Baton distinct tokens ≥ 90 % of the verification limit (fastify), ${alg}`,
        `${percent(s.batonOfLimitFastify, 1)} of ${integer(s.limitFastify)} req/s`,
        verdict(atLeast(s.batonOfLimitFastify, GOALS.verificationLimit)),
      ],
      [`Baton ≥ 2× the passport-jwt + jwks-rsa recipe, ${alg}`, times(s.batonOverPassport), verdict(atLeast(s.batonOverPassport, GOALS.overPassport))],
      [
        `Baton guarded/unguarded above express-oauth2-jwt-bearer's, ${alg}`,
        `${ratio(s.batonGuardedRatio)} vs ${ratio(s.auth0GuardedRatio)}`,
        verdict(s.batonGuardedRatio === undefined || s.auth0GuardedRatio === undefined ? undefined : s.batonGuardedRatio > s.auth0GuardedRatio),
      ],
      [
        `Repeated token ≥ 95 % of unguarded (express), ${alg}`,
        `${percent(s.repeatedExpress, 1)} (a no-op guard: ${percent(s.noopGuardExpress, 1)})`,
        verdict(atLeast(s.repeatedExpress, GOALS.repeatedExpress)),
      ],
      [
        `Repeated token ≥ 85 % of unguarded (fastify), ${alg}`,
        `${percent(s.repeatedFastify, 1)} (a no-op guard: ${percent(s.noopGuardFastify, 1)})`,
        verdict(atLeast(s.repeatedFastify, GOALS.repeatedFastify)),
      ],
    );
  }
  // Partial runs (BENCH_ONLY) leave some goals unmeasured: leave those rows out.
  return rows.filter(([, , result]) => result !== verdict(undefined));
}

/** Median and highest share of the servers' core used by other processes during the runs. */
function otherCpuSummary(results) {
  const shares = results.configurations.flatMap((c) => c.runs.map((r) => r.otherCpuOnServerCore)).filter((v) => v !== undefined);
  if (shares.length === 0) return '—';
  const sorted = [...shares].sort((a, b) => a - b);
  return `${percent(sorted[Math.floor(sorted.length / 2)])} (median), ${percent(sorted.at(-1))} (most)`;
}

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

const TOKEN_LABEL = { none: 'no token', distinct: 'distinct', repeated: 'one repeated' };

/** The Markdown page. */
export function renderReport(results) {
  const { byId, perAlg } = summarize(results);
  const s = results.settings;
  const lines = [];
  lines.push('# Benchmarks', '');
  lines.push(
    '<!-- Generated by bench/run.mjs (`npm run bench`); edit bench/report.mjs, not this file. -->',
    '',
    'What a bearer-token guard costs a NestJS service: Baton next to an unguarded server, the usual',
    '`@nestjs/passport` + `passport-jwt` + `jwks-rsa` recipe, and auth0\'s `express-oauth2-jwt-bearer`,',
    'all measured side by side in one run. Absolute numbers depend on the machine; the ratios are the point.',
    '',
  );
  lines.push(
    table(
      ['', ''],
      [
        ['Date', results.date.slice(0, 10)],
        ['Node', results.node],
        ['CPU', `${results.cpu.model}, ${results.cpu.cores} cores`],
        ['Pinning', results.pinned ? `server on core ${s.serverCore}, autocannon on core ${s.loadCore} (taskset)` : 'none (taskset not found)'],
        ['Command', `\`${results.command}\``],
        ['Load', `autocannon, GET /hello, ${s.connections} connections, ${s.runs} run(s) × ${s.durationSeconds} s per server, median reported`],
        ['Warm-up', `${s.warmupSeconds} s per server at start, ${s.rewarmSeconds} s before each run`],
        ['Distinct tokens', `a pool of ${integer(s.poolSize)} per algorithm, walked in order: more than Baton's verified-token cache keeps (10,000) and remembers having seen (at most 10,000)`],
        ...(results.loadAverage
          ? [['Machine load', `1-minute load average ${results.loadAverage.before.toFixed(2)} before the run, at most ${results.loadAverage.maxDuringRuns?.toFixed(2) ?? '—'} during it (the benchmark itself keeps about 2 busy); other processes took ${otherCpuSummary(results)} of the servers' core during the measured runs`]]
          : []),
      ],
    ),
    '',
  );

  lines.push('## Throughput', '');
  const rows = results.configurations.map((c) => {
    const baseline = byId.get(c.baseline)?.requestsPerSecond;
    return [
      c.label,
      c.alg ?? '—',
      TOKEN_LABEL[c.tokens],
      integer(c.requestsPerSecond),
      c.latencyP99Ms === undefined ? '—' : String(c.latencyP99Ms),
      baseline === undefined ? '—' : ratio(c.requestsPerSecond / baseline),
      c.serverCpu === undefined ? '—' : percent(c.serverCpu),
      c.serverCpuMicrosPerRequest === undefined ? '—' : c.serverCpuMicrosPerRequest.toFixed(0),
      c.runs.map((r) => integer(r.requestsPerSecond)).join(' / '),
    ];
  });
  lines.push(table(['configuration', 'alg', 'tokens', 'req/s (median)', 'p99 ms', 'vs unguarded', 'server CPU', 'CPU µs/request', 'runs (req/s)'], rows), '');
  lines.push(
    '"vs unguarded" compares with the unguarded server of the same stack: Nest express, Nest fastify,',
    'or plain express 5 for express-oauth2-jwt-bearer. "server CPU" is the share of its core the server',
    'process used during the runs (median): near 100 % the server is the bottleneck; well below, the',
    'load generator is. "CPU µs/request" is the server\'s CPU time per request (median over runs),',
    'less sensitive than req/s to other processes sharing the machine. The node:http row shows what',
    'autocannon can drive on one core.',
    '',
  );
  const spreads = results.configurations
    .filter((c) => c.tokens === 'none' && c.runs.length > 1)
    .map((c) => {
      const values = c.runs.map((r) => r.requestsPerSecond);
      return `${c.label.replace(/, unguarded.*/, '')} ${percent((Math.max(...values) - Math.min(...values)) / c.requestsPerSecond)}`;
    });
  if (spreads.length > 0) {
    lines.push(
      `Run-to-run spread of the unguarded servers ((max − min) ÷ median): ${spreads.join(', ')}. Ratios that`,
      'differ from a goal by less than that are within the noise of this machine.',
      '',
    );
  }

  lines.push('## Single-core signature verification', '');
  const rateRows = [];
  for (const alg of ALGORITHMS) {
    for (const [condition, label] of [['loaded', 'busy'], ['idle', 'idle']]) {
      const r = results.verifyRates?.[condition]?.[alg];
      if (!r) continue;
      rateRows.push([alg, label, `${integer(r.cryptoVerify)}/s`, `${integer(r.joseJwtVerify)}/s`, `${integer(r.batonVerify)}/s`, percent(r.batonVerify / r.cryptoVerify)]);
    }
  }
  lines.push(
    table(['alg', 'load core', 'crypto.verify, pre-parsed KeyObject', 'jose jwtVerify, CryptoKey', 'Baton AccessTokenVerifier.verify, no cache', 'Baton ÷ crypto.verify'], rateRows),
    '',
    'In-process over distinct tokens, on the servers\' core, medians of one measurement per round.',
    '`crypto.verify` checks the signature of pre-split tokens, one after the other; jose and Baton',
    `take the whole token (decode, signature, claims) with ${results.verifyRates?.inFlight ?? 50} verifications in flight, as a server with that`,
    'many connections has. jose is measured in the first round only. "load core busy": the other',
    'core serves and sends loopback HTTP requests meanwhile, as it does during every server run, to',
    'check that the load generator does not slow verification on the servers\' core (the two virtual',
    'cores share hardware; a CPU-bound neighbour does slow it, loopback HTTP hardly does).',
    '',
  );

  lines.push('## Goals', '');
  lines.push(
    'The verification limit is the best a guarded server can do when every request needs one',
    'signature check: 1 / (1 / unguarded req/s + 1 / fastest single-core verifications per second),',
    'the fastest being crypto.verify or jose, with the load core idle or busy, whichever is higher.',
    '',
  );
  lines.push(
    table(
      ['alg', 'fastest verify/s', 'limit, Nest express', 'limit, Nest fastify'],
      ALGORITHMS.map((alg) => [alg, integer(perAlg[alg].fastestVerify), integer(perAlg[alg].limitExpress), integer(perAlg[alg].limitFastify)]),
    ),
    '',
  );
  lines.push(table(['goal', 'measured', ''], goalRows(perAlg)), '');
  const passportPath = ALGORITHMS.filter((alg) => perAlg[alg].batonPassportPathOverPassport !== undefined);
  if (passportPath.length > 0) {
    lines.push(
      'Also measured: Baton through `@UseGuards(AuthGuard(\'jwt\'))` (the passport strategy `jwt` that',
      `AuthModule registers) is ${passportPath.map((alg) => `${times(perAlg[alg].batonPassportPathOverPassport)} the recipe in ${alg}`).join(' and ')}.`,
      '',
    );
  }
  lines.push(
    'The no-op guard rows measure Nest\'s guard pipeline alone (a global guard returning `true`, same',
    'request with an Authorization header): what any guard costs before it does anything. For a',
    'repeated token, Baton\'s own work on top of it is one bearer-header parse and one lookup of the',
    'token in its LRU of verified tokens, answered synchronously (no promise).',
    '',
  );

  const distinctRows = results.configurations
    .filter((c) => c.verifiedTokenCache)
    .map((c) => {
      const { hits, misses, admitted } = c.verifiedTokenCache;
      const loopRate = results.verifyRates?.loaded?.[c.alg]?.cryptoVerify;
      const unguardedRps = byId.get(c.baseline)?.requestsPerSecond;
      // The verification limit again, with a signature check costing what it cost in the server.
      const inServerLimit =
        unguardedRps === undefined || c.signatureCheckMicros === undefined ? undefined : 1 / (1 / unguardedRps + c.signatureCheckMicros / 1e6);
      const limit = c.framework === 'nest-fastify' ? perAlg[c.alg]?.limitFastify : perAlg[c.alg]?.limitExpress;
      return [
        `${c.label}, ${c.alg}`,
        integer(hits),
        integer(misses),
        admitted === undefined ? '—' : integer(admitted),
        c.signatureCheckMicros === undefined ? '—' : c.signatureCheckMicros.toFixed(1),
        loopRate === undefined ? '—' : (1e6 / loopRate).toFixed(1),
        inServerLimit === undefined || limit === undefined ? '—' : `${integer(inServerLimit)} (${percent(inServerLimit / limit, 1)})`,
        inServerLimit === undefined ? '—' : percent(c.requestsPerSecond / inServerLimit, 1),
      ];
    });
  if (distinctRows.length > 0) {
    lines.push('## Inside Baton\'s distinct-token runs', '');
    lines.push(
      table(
        [
          'configuration',
          'cache hits',
          'verified afresh',
          'admitted to the cache',
          'crypto.verify in the server, µs',
          'in a loop, µs',
          'limit at the in-server cost, req/s (% of the verification limit)',
          'Baton ÷ that',
        ],
        distinctRows,
      ),
      '',
    );
    lines.push(
      'No hits, and none admitted: each request paid for a signature check, and the cache (which',
      'stores a token from its second verification on) spent nothing on tokens it would never serve.',
      'Each `crypto.verify` call Baton made was timed inside the server; the same check in a tight',
      'loop (the single-core table) is cheaper, most likely because between two checks the HTTP work',
      'evicts what OpenSSL needs from the CPU caches. The verification limit assumes the loop\'s cost.',
      '"Limit at the in-server cost" is the same formula with the check\'s measured in-server cost: what',
      'a guard that did nothing but that one `crypto.verify` call could reach. Where it is below 90 % of',
      'the verification limit, the 90 % goal cannot be met by any guard that checks one signature per',
      'request in the server\'s thread; "Baton ÷ that" is how close Baton comes to what is attainable.',
      '',
    );
  }

  lines.push('## Method', '');
  lines.push(
    '- Each server is its own Node process on one core (`taskset`); autocannon and the test issuer',
    '  run in the parent process on the other core. Servers are started and warmed up first, then',
    '  measured in interleaved rounds (every server once per round, in a rotated order).',
    '- Tokens come from a `TestIssuer` (`@baton/testing`) serving discovery and JWKS on 127.0.0.1:',
    '  `typ: at+jwt`, `aud` matching, valid for the whole run, one ES256 and one RS256 key.',
    '- Baton: `AuthModule.forRoot({ issuer, audience })` with its defaults (discovery, verified-token',
    '  cache on). The recipe: `PassportStrategy(Strategy)` of passport-jwt with',
    '  `passportJwtSecret({ cache: true, rateLimit: true, jwksRequestsPerMinute: 5, jwksUri })` and',
    '  `@UseGuards(AuthGuard(\'jwt\'))`. express-oauth2-jwt-bearer: `auth({ issuerBaseURL, audience,',
    '  tokenSigningAlg })` on plain express 5. The `AuthGuard(\'jwt\')` variant of Baton marks the',
    '  controller `@Public()` so that only the passport path verifies the token.',
    '- Before measuring, each guarded server must answer 401 without a token and 200 with one; any',
    '  non-2xx answer or error during a run fails the benchmark.',
    '- Apps live in bench/apps/, the list of configurations in bench/configurations.mjs; raw',
    '  numbers of every run go to bench/results/ (not committed).',
    '',
  );
  lines.push('## Running it', '');
  lines.push(
    '```sh',
    'npm run bench                      # full run (about 8 minutes), rewrites this page',
    'BENCH_QUICK=1 npm run bench        # 1 run × 2 s per server, to check that it works',
    'BENCH_DURATION=10 BENCH_RUNS=5 npm run bench',
    'BENCH_ONLY=fastify npm run bench   # a subset (regular expression on ids); report goes to bench/results/',
    'BENCH_CPU_PROF=1 BENCH_ONLY=nest-express/baton/ES256/distinct npm run bench   # .cpuprofile per server',
    '```',
    '',
    'Quick and partial runs write their report to bench/results/benchmarks.md, never to this page.',
    'BENCH_CONNECTIONS (default 50) and BENCH_POOL (distinct tokens per algorithm, default 12,000,',
    'more than 10,000) can be changed too.',
    '',
  );
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? new URL('./results/latest.json', import.meta.url);
  process.stdout.write(renderReport(JSON.parse(readFileSync(file, 'utf8'))));
}
