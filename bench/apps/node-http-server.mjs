// A bare node:http server: how many requests per second the load generator can drive at all.
import { createServer } from 'node:http';

const body = JSON.stringify({ hello: 'world' });

/** The server (not listening): GET /hello answers a small JSON. */
export function createNodeHttpServer() {
  return createServer((req, res) => {
    if (req.url === '/hello') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } else {
      res.writeHead(404).end();
    }
  });
}
