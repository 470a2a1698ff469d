// Keeps the load core as busy as the load generator keeps it during a server run.
import { createServer } from 'node:http';
import autocannon from 'autocannon';

/**
 * Runs `fn` while this process (pinned to the load core) serves and sends loopback HTTP
 * requests as fast as it can. The two cores of these machines are not independent (a
 * verification on one runs about 40 % slower while the other is busy), so single-core rates
 * that are to be compared with the servers' must be measured under the same kind of load.
 */
export async function withLoopbackLoad(fn) {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"hello":"world"}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  let finished;
  const done = new Promise((resolve) => {
    finished = resolve;
  });
  const instance = autocannon({ url: `http://127.0.0.1:${server.address().port}/`, connections: 50, duration: 3600 }, () => finished());
  try {
    return await fn();
  } finally {
    instance.stop();
    await done;
    server.closeAllConnections();
    server.close();
  }
}
