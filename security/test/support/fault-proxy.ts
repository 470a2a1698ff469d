import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does to each request. */
export type Fault =
  | { mode: 'pass' }
  /** The authority is down: connections are reset before any answer. */
  | { mode: 'down' }
  /** The authority is slow: each answer is held back this long. */
  | { mode: 'slow'; delayMs: number }
  /** The authority answers an error, e.g. 500, or 429/503 with Retry-After. */
  | { mode: 'status'; status: number; retryAfter?: number };

/**
 * A reverse proxy on 127.0.0.1:0 in front of a real process (the authority), to inject faults
 * without touching it: stop it (reset connections), slow it down, or make it answer 500/429/503.
 * Services are pointed at the proxy's URL, which is also the authority's issuer.
 */
export class FaultProxy {
  /** Requests seen, by path. */
  readonly requests = new Map<string, number>();
  private fault: Fault = { mode: 'pass' };
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly upstream: URL,
    /** The proxy's base URL. */
    readonly url: string,
  ) {}

  /** Starts a proxy to `upstream` (e.g. `http://127.0.0.1:4000`) on `port` (0: any free port). */
  static async start(upstream: string, port = 0): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = createServer((req, res) => proxy?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const { port: bound } = server.address() as AddressInfo;
    proxy = new FaultProxy(server, new URL(upstream), `http://127.0.0.1:${bound}`);
    server.on('connection', (socket: Socket) => {
      proxy?.sockets.add(socket);
      socket.on('close', () => proxy?.sockets.delete(socket));
    });
    return proxy;
  }

  /** Changes what happens to the next requests. */
  set(fault: Fault): void {
    this.fault = fault;
  }

  /** Requests seen whose path contains `fragment`. */
  count(fragment: string): number {
    let total = 0;
    for (const [path, count] of this.requests) if (path.includes(fragment)) total += count;
    return total;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url ?? '/';
    this.requests.set(path.split('?')[0] as string, (this.requests.get(path.split('?')[0] as string) ?? 0) + 1);
    const fault = this.fault;
    switch (fault.mode) {
      case 'down':
        req.socket.destroy();
        return;
      case 'status':
        res.writeHead(fault.status, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
          ...(fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) }),
        });
        res.end(JSON.stringify({ error: fault.status === 429 ? 'slow_down' : 'temporarily_unavailable' }));
        return;
      case 'slow':
        setTimeout(() => this.forward(req, res), fault.delayMs).unref();
        return;
      case 'pass':
        this.forward(req, res);
    }
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const upstream = request(
      { host: this.upstream.hostname, port: this.upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  }
}
