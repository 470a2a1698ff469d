// Run parameters, from the environment.

/** Baton's default verified-token cache size: the distinct pool must be larger. */
export const BATON_CACHE_MAX_ENTRIES = 10_000;

function number(name, fallback, { integer = false, min = 0 } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new TypeError(`${name}=${raw} is not valid: use ${integer ? 'a whole number' : 'a number'} ≥ ${min}.`);
  }
  return value;
}

/**
 * BENCH_QUICK=1: one 2 s run per server, to check that everything works.
 * BENCH_DURATION (s per run, default 5), BENCH_RUNS (default 3), BENCH_CONNECTIONS (50),
 * BENCH_POOL (distinct tokens per algorithm, default 12,000), BENCH_ONLY (a regular
 * expression on configuration ids), BENCH_CPU_PROF=1 (servers write .cpuprofile files to
 * bench/results/profiles).
 */
export function readSettings() {
  const quick = process.env.BENCH_QUICK === '1';
  const settings = {
    quick,
    durationSeconds: quick ? 2 : number('BENCH_DURATION', 5, { integer: true, min: 1 }),
    runs: quick ? 1 : number('BENCH_RUNS', 3, { integer: true, min: 1 }),
    warmupSeconds: quick ? 1 : 2,
    rewarmSeconds: 1,
    connections: number('BENCH_CONNECTIONS', 50, { integer: true, min: 1 }),
    poolSize: number('BENCH_POOL', 12_000, { integer: true, min: BATON_CACHE_MAX_ENTRIES + 1 }),
    verifySeconds: quick ? 0.5 : 1,
    only: process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined,
    cpuProfile: process.env.BENCH_CPU_PROF === '1',
    serverCore: 0,
    loadCore: 1,
  };
  return settings;
}
