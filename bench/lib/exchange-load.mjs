// Load generation for the exchange and on-behalf-of benchmarks, with autocannon in the parent
// process (pinned to the load core), like bench/lib/load.mjs for the guard benchmark.
import autocannon from 'autocannon';

/**
 * A source of per-request values: `list` walked in order by one cursor shared by all
 * connections and kept from run to run, so each server sees the list round and round. With a
 * list longer than a cache, that order is the cache's worst case (LRU): nothing is served from it.
 */
export function cycle(list) {
  if (!Array.isArray(list) || list.length === 0) throw new TypeError('cycle(list) needs a non-empty list.');
  let next = 0;
  return {
    size: list.length,
    next() {
      const value = list[next];
      next = next + 1 === list.length ? 0 : next + 1;
      return value;
    },
  };
}

/**
 * Runs autocannon against `url` for `seconds`. `method`, `headers` and `body` are the same for
 * every request; `vary` (optional) is called before each request and returns what changes
 * (`{ headers?, body? }`, merged over the fixed ones).
 */
export async function runHttpLoad({ url, method = 'GET', headers = {}, body, vary, seconds, connections }) {
  const { pathname, search } = new URL(url);
  const path = `${pathname}${search}`;
  const request = { method, path, headers, ...(body === undefined ? {} : { body }) };
  if (vary) {
    request.setupRequest = (built) => {
      const change = vary();
      return { ...built, ...change, headers: { ...built.headers, ...change.headers } };
    };
  }
  const result = await autocannon({ url, connections, duration: seconds, requests: [request] });
  return {
    requestsPerSecond: result.requests.average,
    latencyP99Ms: result.latency.p99,
    latencyP50Ms: result.latency.p50,
    latencyAverageMs: result.latency.average,
    total2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSeconds: result.duration,
  };
}
