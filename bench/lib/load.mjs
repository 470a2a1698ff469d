// Load generation with autocannon, in the parent process (pinned to the other core).
import autocannon from 'autocannon';

/**
 * The autocannon options for one configuration. Distinct tokens come from one cursor shared
 * by all connections and kept from run to run (`tokens.cursor`), so each server sees the pool
 * walked in order, round and round: with a pool larger than Baton's LRU, that order is the
 * LRU's worst case and no request is served from the cache.
 */
function requestOptions(configuration, tokens) {
  if (configuration.tokens === 'none') return {};
  if (configuration.tokens === 'repeated') return { headers: { authorization: `Bearer ${tokens.repeated}` } };
  const { pool, cursor } = tokens;
  return {
    requests: [
      {
        method: 'GET',
        path: '/hello',
        setupRequest(request) {
          const token = pool[cursor.next];
          cursor.next = cursor.next + 1 === pool.length ? 0 : cursor.next + 1;
          return { ...request, headers: { authorization: `Bearer ${token}` } };
        },
      },
    ],
  };
}

/**
 * Runs autocannon for `seconds` against `port` and returns the numbers the report needs.
 * `tokens` is `{ pool, repeated, cursor }` for the configuration's algorithm and server.
 */
export async function runLoad({ port, configuration, tokens, seconds, connections }) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/hello`,
    connections,
    duration: seconds,
    ...requestOptions(configuration, tokens),
  });
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
