// The downstream of the on-behalf-of benchmark (the "discount" service), as its own process on
// the load core: the service under test calls it once per request. It answers a small JSON
// coupon to a request whose bearer token is meant for it (`aud` discount, read without a
// signature check: the token's origin is not what is measured here) and 401 otherwise, so a
// missing token or a forwarded inbound token (`aud` shoppingbasket) fails the benchmark.
// Over IPC: ← { type: 'ready', port }; → { type: 'stats' } ← { type: 'stats', served, refused }.
import { createServer } from 'node:http';
import { once } from 'node:events';
import { exitWithParent } from './lib/child-process.mjs';

exitWithParent();
const AUDIENCE = process.argv[2] ?? 'discount';
const COUPON = JSON.stringify({ code: 'BENCH10', percent: 10 });
const counts = { served: 0, refused: 0 };

function audienceOf(authorization) {
  if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) return undefined;
  const payload = authorization.slice(7).split('.')[1];
  try {
    return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')).aud;
  } catch {
    return undefined;
  }
}

const server = createServer({ keepAlive: true }, (req, res) => {
  req.resume();
  if (audienceOf(req.headers.authorization) !== AUDIENCE) {
    counts.refused += 1;
    res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"', 'content-length': '0' });
    res.end();
    return;
  }
  counts.served += 1;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(COUPON)) });
  res.end(COUPON);
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
process.on('message', (message) => {
  if (message?.type === 'stats') process.send({ type: 'stats', ...counts });
});
process.send({ type: 'ready', port: server.address().port });
