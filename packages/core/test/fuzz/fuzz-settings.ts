import fc from 'fast-check';

/**
 * Seeded, bounded fast-check settings shared by the fuzz properties.
 *
 * CI runs the bounded default; `FUZZ_RUNS=20000 npm test` (or `npm run security`) runs more, and
 * `FUZZ_SEED=<n>` replays a reported failure exactly.
 */
export function fuzzParameters<T>(defaultRuns: number): fc.Parameters<T> {
  return {
    seed: Number(process.env.FUZZ_SEED ?? 20261122),
    numRuns: Number(process.env.FUZZ_RUNS ?? defaultRuns),
    endOnFailure: true,
  };
}
