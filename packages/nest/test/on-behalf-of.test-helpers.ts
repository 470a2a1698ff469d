import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { decodePayload, type TestIssuer } from '@baton/testing';

/** A node:http server on 127.0.0.1 and port 0 that can drop its open (hanging) connections. */
abstract class StubServer {
  private readonly sockets = new Set<Socket>();
  protected readonly server: Server;
  /** `http://127.0.0.1:<port>`. */
  url = '';

  protected constructor() {
    this.server = createServer({ keepAlive: true }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  protected async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Drops every open connection (hanging ones included) and stops listening. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse, body: string): void;
}

/** One request the token endpoint received. */
export interface TokenRequest {
  grantType: string | null;
  /** The client id from HTTP Basic authentication (or the form's `client_id`). */
  clientId: string | undefined;
  /** The client secret it presented. */
  clientSecret: string | undefined;
  params: URLSearchParams;
}

/** What the token endpoint does; switch it to test O4 and O5. */
export type TokenEndpointBehaviour =
  | { mode: 'serve' }
  | { mode: 'refuse'; status: number; error: string }
  | { mode: 'fail'; status: number; retryAfter?: number }
  | { mode: 'hang' };

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * An authorization server for the on-behalf-of tests: discovery and a token endpoint that
 * answers RFC 8693 token exchange and client credentials with tokens minted by a
 * {@link TestIssuer} (`sub` of the subject token, `aud` and `scope` as asked, `act` naming the
 * client, `exp` no later than the subject token's). It checks the client's secret, refuses
 * subject tokens whose `sub` is in `refusedSubjects` with `invalid_grant`, records every
 * request, and can fail, hang or refuse everything.
 */
export class StubAuthority extends StubServer {
  readonly tokenRequests: TokenRequest[] = [];
  behaviour: TokenEndpointBehaviour = { mode: 'serve' };
  /** Subject tokens naming these users are refused (`invalid_grant`). */
  readonly refusedSubjects = new Set<string>();
  /** Lifetime of issued tokens, in seconds (capped by the subject token's `exp`). */
  lifetime = 300;

  private constructor(
    private readonly issuer: TestIssuer,
    private readonly clients: ReadonlyMap<string, string>,
  ) {
    super();
  }

  /** Starts an authority whose clients are `{ id: secret }`, minting with `issuer`. */
  static async start(issuer: TestIssuer, clients: Record<string, string>): Promise<StubAuthority> {
    const authority = new StubAuthority(issuer, new Map(Object.entries(clients)));
    await authority.listen();
    return authority;
  }

  /** Token exchanges received (grant type token-exchange). */
  get exchanges(): TokenRequest[] {
    return this.tokenRequests.filter((request) => request.grantType === TOKEN_EXCHANGE);
  }

  protected handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const path = new URL(req.url ?? '/', this.url).pathname;
    if (path === '/.well-known/openid-configuration' || path === '/.well-known/oauth-authorization-server') {
      return json(res, 200, {
        issuer: this.url,
        token_endpoint: `${this.url}/token`,
        jwks_uri: this.issuer.jwksUri,
        grant_types_supported: ['client_credentials', TOKEN_EXCHANGE],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      });
    }
    if (path !== '/token' || req.method !== 'POST') return json(res, 404, { error: 'not_found' });
    const params = new URLSearchParams(body);
    const [clientId, clientSecret] = basicCredentials(req.headers.authorization) ?? [params.get('client_id') ?? undefined, params.get('client_secret') ?? undefined];
    this.tokenRequests.push({ grantType: params.get('grant_type'), clientId, clientSecret, params });
    const behaviour = this.behaviour;
    if (behaviour.mode === 'hang') return;
    if (behaviour.mode === 'fail') {
      if (behaviour.retryAfter !== undefined) res.setHeader('retry-after', String(behaviour.retryAfter));
      return json(res, behaviour.status, { error: behaviour.status === 429 ? 'slow_down' : 'server_error' });
    }
    if (behaviour.mode === 'refuse') return json(res, behaviour.status, { error: behaviour.error });
    if (clientId === undefined || this.clients.get(clientId) !== clientSecret) return json(res, 401, { error: 'invalid_client' });
    void this.issue(clientId, params).then(
      (answer) => json(res, answer.status, answer.body),
      () => json(res, 500, { error: 'server_error' }),
    );
  }

  private async issue(clientId: string, params: URLSearchParams): Promise<{ status: number; body: unknown }> {
    const now = Math.floor(Date.now() / 1000);
    const scope = params.get('scope') ?? undefined;
    const audience = params.get('audience') ?? params.get('resource') ?? undefined;
    const grantType = params.get('grant_type');
    if (grantType === 'client_credentials') {
      const token = await this.issuer.mint({ sub: clientId, client_id: clientId, aud: audience, scope }, { expiresIn: this.lifetime });
      return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: this.lifetime, ...(scope === undefined ? {} : { scope }) } };
    }
    if (grantType !== TOKEN_EXCHANGE) return { status: 400, body: { error: 'unsupported_grant_type' } };
    const subjectToken = params.get('subject_token');
    if (subjectToken === null || params.get('subject_token_type') !== ACCESS_TOKEN_TYPE) return { status: 400, body: { error: 'invalid_request' } };
    const subject = subjectClaims(subjectToken);
    if (subject === undefined || typeof subject.exp !== 'number' || subject.exp <= now || this.refusedSubjects.has(String(subject.sub))) {
      return { status: 400, body: { error: 'invalid_grant' } };
    }
    const expiresIn = Math.min(this.lifetime, subject.exp - now);
    const token = await this.issuer.mint({ sub: subject.sub, client_id: clientId, aud: audience, scope, act: { sub: clientId } }, { expiresIn });
    return {
      status: 200,
      body: { access_token: token, issued_token_type: ACCESS_TOKEN_TYPE, token_type: 'Bearer', expires_in: expiresIn, ...(scope === undefined ? {} : { scope }) },
    };
  }
}

/** One request a downstream received. */
export interface DownstreamHit {
  method: string;
  path: string;
  /** The request target as received (path and query). */
  url: string;
  /** The Authorization header as received, or undefined. */
  authorization: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Answers a downstream request; `hit` is the request as recorded. */
export type DownstreamRoute = (hit: DownstreamHit, res: ServerResponse, count: number) => void;

/**
 * A service called by the app under test: it records every request (and the Authorization
 * header it carried) and answers by route; unknown paths get 200 `{ path }`.
 */
export class DownstreamStub extends StubServer {
  readonly hits: DownstreamHit[] = [];
  private readonly routes = new Map<string, DownstreamRoute>();
  private readonly counts = new Map<string, number>();

  private constructor() {
    super();
  }

  static async start(): Promise<DownstreamStub> {
    const stub = new DownstreamStub();
    await stub.listen();
    return stub;
  }

  /** Answers `path` with `route` from now on. */
  route(path: string, route: DownstreamRoute): void {
    this.routes.set(path, route);
  }

  /** Forgets recorded requests and per-route counts (routes stay). */
  reset(): void {
    this.hits.length = 0;
    this.counts.clear();
  }

  /** The Authorization headers received, in order. */
  get authorizations(): Array<string | undefined> {
    return this.hits.map((hit) => hit.authorization);
  }

  protected handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const hit: DownstreamHit = { method: req.method ?? 'GET', path, url: req.url ?? '/', authorization: req.headers.authorization, headers: req.headers, body };
    this.hits.push(hit);
    const count = (this.counts.get(path) ?? 0) + 1;
    this.counts.set(path, count);
    const route = this.routes.get(path);
    if (route !== undefined) return route(hit, res, count);
    json(res, 200, { path });
  }
}

/** Sends `body` as JSON with `status` and extra headers. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/** The claims of a token, read without verification (the stub trusts its own issuer's tokens). */
export function claimsOf(token: string): Record<string, unknown> {
  return decodePayload(token) as Record<string, unknown>;
}

function subjectClaims(token: string): { sub?: unknown; exp?: unknown } | undefined {
  try {
    return claimsOf(token);
  } catch {
    return undefined;
  }
}

function basicCredentials(header: string | undefined): [string, string] | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
}
