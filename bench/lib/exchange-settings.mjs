// Run parameters of the exchange and on-behalf-of benchmarks: the guard benchmark's
// (bench/lib/settings.mjs: BENCH_QUICK, BENCH_DURATION, BENCH_RUNS, BENCH_CONNECTIONS,
// BENCH_POOL, BENCH_ONLY, BENCH_CPU_PROF), plus BENCH_USERS and the latency runs.
import { readSettings } from './settings.mjs';

function wholeNumber(name, fallback, min) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new TypeError(`${name}=${raw} is not valid: use a whole number ≥ ${min}.`);
  return value;
}

/**
 * `poolSize` (BENCH_POOL, default 12,000, more than 10,000): distinct user tokens, more than
 * the authority's verified-token cache and the exchanged-token cache each keep (10,000 by
 * default), so that no cache serves them. `users` (BENCH_USERS, default 100): the inbound
 * tokens of the warm on-behalf-of runs. `latencySeconds`: the one-connection latency runs.
 */
export function readExchangeSettings() {
  const settings = readSettings();
  return {
    ...settings,
    users: wholeNumber('BENCH_USERS', 100, 1),
    latencySeconds: settings.quick ? 2 : settings.durationSeconds,
    // User tokens stay valid for the whole run (the exchanged tokens never outlive them).
    userTokenLifetime: 3 * 3600,
  };
}
