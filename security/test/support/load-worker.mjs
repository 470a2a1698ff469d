// The load generator of the security figures, run as a child process (see load.ts) so that its
// own work does not share the event loop, or the CPU count, of the server under test.
// It receives streams of requests over IPC, runs them all at once and sends back per-stream
// summaries. It prints nothing: the headers it sends carry tokens.
import { Agent, request } from 'node:http';

/** One GET; resolves with what came back, or `undefined` when the connection failed. */
function get(url, headers, agent) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const flat = ['host', url.host];
    for (const [name, value] of headers) flat.push(name, value);
    const req = request(url, { method: 'GET', headers: flat, agent }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () =>
        resolve({
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          status: res.statusCode ?? 0,
          challenge: res.headers['www-authenticate'],
          retryAfter: res.headers['retry-after'],
        }),
      );
      res.on('error', () => resolve(undefined));
    });
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Runs one stream: `connections` requests in flight at most; paced at `rate` requests per
 * second overall (a request late on its slot goes at once), or as fast as answers come
 * (`rate` 0); until `durationMs` has passed or `count` requests were sent.
 */
async function runStream(stream) {
  const url = new URL(stream.url);
  const agent = new Agent({ keepAlive: true, maxSockets: stream.connections });
  const latencies = [];
  const answers = {};
  let errors = 0;
  let sent = 0;
  const started = Date.now();
  const done = () => (stream.count !== undefined ? sent >= stream.count : Date.now() - started >= stream.durationMs);
  async function connection(index) {
    for (let slot = 0; !done(); slot += 1) {
      if (stream.rate > 0) {
        const due = started + ((slot * stream.connections + index) * 1000) / stream.rate;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (done()) return;
      }
      const headers = stream.headerSets[sent % stream.headerSets.length];
      sent += 1;
      const answer = await get(url, headers, agent);
      if (answer === undefined) {
        errors += 1;
        continue;
      }
      latencies.push(answer.ms);
      const key = `${answer.status} ${answer.challenge ?? '-'}${answer.retryAfter === undefined ? '' : ` retry-after ${answer.retryAfter}`}`;
      answers[key] = (answers[key] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: stream.connections }, (_, index) => connection(index)));
  const elapsedMs = Date.now() - started;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    name: stream.name,
    sent,
    answered: latencies.length,
    errors,
    elapsedMs,
    answers,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? 0,
  };
}

process.on('message', async (message) => {
  const results = await Promise.all(message.streams.map(runStream));
  process.send({ results }, () => process.exit(0));
});
