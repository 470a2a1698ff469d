import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { decodePayload, type TestIssuer } from '@baton/testing';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';

/** One token request as the stub received it (parameters only; the client secret is checked, not kept). */
export interface ExchangeRequest {
  readonly clientId: string | undefined;
  readonly params: URLSearchParams;
}

/** What the token endpoint does: answer, refuse the user's token, or be down. */
export type StubMode = { kind: 'serve' } | { kind: 'refuse-subject'; sub: string } | { kind: 'down'; retryAfter: number };

/**
 * The token endpoint of the demo authority, as far as shoppingbasket's checkout needs it: it
 * authenticates the client (HTTP Basic), accepts RFC 8693 exchanges of access tokens meant for
 * shoppingbasket, and answers a token minted by `issuer` for audience discount only, with the
 * user's `sub`, `act: { sub: <client> }` and an `exp` no later than the subject token's.
 * The full authority is exercised by the lead's end-to-end test.
 */
export class StubTokenEndpoint {
  readonly requests: ExchangeRequest[] = [];
  /** Every access token it issued, to check that none leaks into an answer or a log. */
  readonly issued: string[] = [];
  mode: StubMode = { kind: 'serve' };
  /** `http://127.0.0.1:<port>`. */
  url = '';
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly issuer: TestIssuer,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => void this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
  }

  static async start(issuer: TestIssuer, client: { id: string; secret: string }): Promise<StubTokenEndpoint> {
    const stub = new StubTokenEndpoint(createServer(), issuer, client.id, client.secret);
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    stub.url = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
    return stub;
  }

  get tokenEndpoint(): string {
    return `${this.url}/token`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/token') return answer(res, 404, { error: 'not_found' });
    const params = new URLSearchParams(body);
    const [clientId, secret] = basicCredentials(req.headers.authorization);
    this.requests.push({ clientId, params });
    if (this.mode.kind === 'down') return answer(res, 503, { error: 'temporarily_unavailable' }, { 'retry-after': String(this.mode.retryAfter) });
    if (clientId !== this.clientId || secret !== this.clientSecret) return answer(res, 401, { error: 'invalid_client' });
    if (params.get('grant_type') !== TOKEN_EXCHANGE || params.get('subject_token_type') !== ACCESS_TOKEN) return answer(res, 400, { error: 'invalid_request' });
    if (params.get('audience') !== 'discount') return answer(res, 400, { error: 'invalid_target' });
    const subject = claimsOf(params.get('subject_token'));
    const now = Math.floor(Date.now() / 1000);
    const audiences = Array.isArray(subject?.aud) ? subject.aud : [subject?.aud];
    if (subject === undefined || typeof subject.exp !== 'number' || subject.exp <= now || !audiences.includes('shoppingbasket')) {
      return answer(res, 400, { error: 'invalid_grant' });
    }
    if (this.mode.kind === 'refuse-subject' && subject.sub === this.mode.sub) return answer(res, 400, { error: 'invalid_grant' });
    const expiresIn = Math.min(300, subject.exp - now);
    const scope = params.get('scope') ?? 'discount.fullaccess';
    const token = await this.issuer.mint({ sub: subject.sub, aud: 'discount', scope, client_id: clientId, act: { sub: clientId } }, { expiresIn });
    this.issued.push(token);
    answer(res, 200, { access_token: token, issued_token_type: ACCESS_TOKEN, token_type: 'Bearer', expires_in: expiresIn, scope });
  }
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function claimsOf(token: string | null): Record<string, unknown> | undefined {
  try {
    return token === null ? undefined : (decodePayload(token) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

function basicCredentials(header: string | undefined): [string | undefined, string | undefined] {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (match === null) return [undefined, undefined];
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? [undefined, undefined] : [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
}
