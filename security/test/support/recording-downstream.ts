import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A downstream service that answers 200 to everything and records the Authorization header of each request. */
export class RecordingDownstream {
  /** The Authorization headers received, in order (undefined for none). */
  readonly authorizations: Array<string | undefined> = [];

  private constructor(
    private readonly server: Server,
    /** `http://127.0.0.1:<port>`. */
    readonly url: string,
  ) {}

  static async start(): Promise<RecordingDownstream> {
    let downstream: RecordingDownstream | undefined;
    const server = createServer((req, res) => {
      downstream?.authorizations.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"coupon":"none"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    downstream = new RecordingDownstream(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return downstream;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
