import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as it arrived, every byte the server was given. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly path: string;
  /** The raw header lines (name, value, name, value…), repeated names included. */
  readonly rawHeaders: readonly string[];
  readonly authorization: string | undefined;
  readonly body: string;
}

/** What a route answers; `undefined` leaves the request hanging (until the server closes). */
export type Route = (request: RecordedRequest, res: ServerResponse) => void | Promise<void>;

/**
 * A plain `node:http` server on 127.0.0.1 and a free port that records every request it gets
 * (method, URL, raw headers, body) and answers by path. The on-behalf-of specs put one behind
 * the discount downstream and one as "some other origin", then search what they recorded for
 * the inbound token (O1).
 */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Route>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>`. */
    readonly url: string,
  ) {}

  static async start(): Promise<RecordingServer> {
    let recorder: RecordingServer | undefined;
    const server = createServer((req, res) => void recorder?.handle(req, res));
    // Bursts open a thousand connections at once.
    server.maxConnections = 10_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 2048, resolve));
    recorder = new RecordingServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('connection', (socket: Socket) => {
      recorder?.sockets.add(socket);
      socket.on('close', () => recorder?.sockets.delete(socket));
    });
    return recorder;
  }

  /** Answers requests for `path` (exact, without the query) with `route`. */
  route(path: string, route: Route): this {
    this.routes.set(path, route);
    return this;
  }

  /** Forgets the recorded requests (routes stay). */
  reset(): void {
    this.requests.length = 0;
  }

  /** Recorded requests for `path`. */
  hits(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  /** Everything recorded, as one text to search: request lines, raw headers and bodies. */
  transcript(): string {
    return this.requests.map((request) => `${request.method} ${request.url}\n${pairs(request.rawHeaders)}\n\n${request.body}`).join('\n\n');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = req.url ?? '/';
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      url,
      path: url.split('?')[0] as string,
      rawHeaders: [...req.rawHeaders],
      authorization: req.headers.authorization,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(request);
    const route = this.routes.get(request.path);
    if (route === undefined) {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    await route(request, res);
  }
}

/** Answers `status` with a JSON body and extra headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Answers a 302 to `location`. */
export function redirectTo(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'content-length': 0 });
  res.end();
}

function pairs(raw: readonly string[]): string {
  const lines: string[] = [];
  for (let index = 0; index < raw.length; index += 2) lines.push(`${raw[index]}: ${raw[index + 1]}`);
  return lines.join('\n');
}
