import fc from 'fast-check';

/**
 * Seeded, bounded fast-check settings shared by the fuzz properties of @baton/authority (the
 * same behaviour as @baton/core's; test folders never import each other).
 *
 * CI runs the bounded default; `FUZZ_RUNS=20000 npx jest test/fuzz` runs more, and
 * `FUZZ_SEED=<n>` replays a reported failure exactly.
 */
export function fuzzParameters<T>(defaultRuns: number, maxRuns = Number.POSITIVE_INFINITY): fc.Parameters<T> {
  return {
    seed: Number(process.env.FUZZ_SEED ?? 20261122),
    numRuns: runsOf(defaultRuns, maxRuns),
    endOnFailure: true,
  };
}

/**
 * Jest timeout for a property run with `fuzzParameters(defaultRuns)`: a minute plus `msPerRun`
 * per case, so `FUZZ_RUNS=20000` and a busy CI machine do not time out a passing property.
 */
export function fuzzTimeout(defaultRuns: number, msPerRun = 10, maxRuns = Number.POSITIVE_INFINITY): number {
  return 60_000 + runsOf(defaultRuns, maxRuns) * msPerRun;
}

/**
 * Cases to run: `FUZZ_RUNS` when set, else the bounded default; never more than `maxRuns`, for
 * properties whose one case is a whole scenario (a policy and several requests), where
 * `FUZZ_RUNS=20000` would take a quarter of an hour.
 */
function runsOf(defaultRuns: number, maxRuns: number): number {
  return Math.min(Number(process.env.FUZZ_RUNS ?? defaultRuns), maxRuns);
}
