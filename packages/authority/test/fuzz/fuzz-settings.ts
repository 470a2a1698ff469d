import fc from 'fast-check';

/**
 * Seeded, bounded fast-check settings shared by the fuzz properties of @baton/authority (the
 * same behaviour as @baton/core's; test folders never import each other).
 *
 * CI runs the bounded default; `FUZZ_RUNS=20000 npx jest test/fuzz` runs more, and
 * `FUZZ_SEED=<n>` replays a reported failure exactly.
 */
export function fuzzParameters<T>(defaultRuns: number): fc.Parameters<T> {
  return {
    seed: Number(process.env.FUZZ_SEED ?? 20261122),
    numRuns: Number(process.env.FUZZ_RUNS ?? defaultRuns),
    endOnFailure: true,
  };
}

/**
 * Jest timeout for a property run with `fuzzParameters(defaultRuns)`: a minute plus `msPerRun`
 * per case, so `FUZZ_RUNS=20000` and a busy CI machine do not time out a passing property.
 */
export function fuzzTimeout(defaultRuns: number, msPerRun = 10): number {
  return 60_000 + Number(process.env.FUZZ_RUNS ?? defaultRuns) * msPerRun;
}
