import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { decodePayload, type TestIssuer } from '@baton/testing';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * A token-exchange authority for the figures: `POST /token` answers RFC 8693 exchanges with a
 * token minted by `issuer` for the subject token's `sub`, the audience and scope asked, `act`
 * naming the client, and `exp` no later than the subject token's. It trusts its issuer's tokens
 * without verifying them; the fault proxy in front of it supplies the failures.
 */
export class ExchangeAuthority {
  /** Exchanges answered. */
  exchanges = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly issuer: TestIssuer,
    /** `http://127.0.0.1:<port>`. */
    readonly url: string,
  ) {}

  /** Starts on 127.0.0.1 and a free port, minting with `issuer`. */
  static async start(issuer: TestIssuer): Promise<ExchangeAuthority> {
    let authority: ExchangeAuthority | undefined;
    const server = createServer({ keepAlive: true }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => void authority?.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    authority = new ExchangeAuthority(server, issuer, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on('connection', (socket: Socket) => {
      authority?.sockets.add(socket);
      socket.on('close', () => authority?.sockets.delete(socket));
    });
    return authority;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const params = new URLSearchParams(body);
    if (req.method !== 'POST' || new URL(req.url ?? '/', this.url).pathname !== '/token') return json(res, 404, { error: 'not_found' });
    if (params.get('grant_type') !== TOKEN_EXCHANGE || params.get('subject_token_type') !== ACCESS_TOKEN_TYPE) return json(res, 400, { error: 'invalid_request' });
    const clientId = clientOf(req.headers.authorization) ?? params.get('client_id');
    let subject: Record<string, unknown>;
    try {
      subject = decodePayload(params.get('subject_token') ?? '') as Record<string, unknown>;
    } catch {
      return json(res, 400, { error: 'invalid_grant' });
    }
    const now = Math.floor(Date.now() / 1000);
    if (clientId === null || typeof subject['exp'] !== 'number' || subject['exp'] <= now) return json(res, 400, { error: 'invalid_grant' });
    const expiresIn = Math.min(300, subject['exp'] - now);
    const scope = params.get('scope') ?? undefined;
    const token = await this.issuer.mint({ sub: subject['sub'], client_id: clientId, aud: params.get('audience') ?? undefined, scope, act: { sub: clientId } }, { expiresIn });
    this.exchanges += 1;
    json(res, 200, { access_token: token, issued_token_type: ACCESS_TOKEN_TYPE, token_type: 'Bearer', expires_in: expiresIn, ...(scope === undefined ? {} : { scope }) });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The client id of HTTP Basic credentials, or null. */
function clientOf(authorization: string | undefined): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
  if (match === null) return null;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? null : decodeURIComponent(decoded.slice(0, colon));
}
