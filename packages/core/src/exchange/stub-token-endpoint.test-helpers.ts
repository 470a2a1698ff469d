import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { decodePayload } from '@baton/testing';

/** A request the stub token endpoint received. */
export interface RecordedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The form body, parsed. */
  readonly form: URLSearchParams;
  /** Every value of every form parameter, to spot repeats. */
  readonly raw: string;
}

/** What the stub answers: JSON (or text) with a status and headers, or nothing at all (`hang`). */
export type StubReply =
  | { status?: number; json?: unknown; text?: string; headers?: Record<string, string>; delayMs?: number }
  | { hang: true };

/** Answers a recorded request. */
export type StubHandler = (request: RecordedRequest, index: number) => StubReply | Promise<StubReply>;

/** Options of {@link StubTokenEndpoint.start}. */
export interface StubTokenEndpointOptions {
  /** Mints issued tokens (e.g. `TestIssuer.mint`); default: opaque random strings. */
  mint?: (claims: Record<string, unknown>) => Promise<string>;
  /** Overrides members of the discovery document. */
  metadata?: Record<string, unknown>;
  /** Serve only RFC 8414 metadata (404 for OpenID Connect discovery). Default false. */
  oauthMetadataOnly?: boolean;
}

/**
 * A token endpoint for tests, on 127.0.0.1 and a free port, that records every request and
 * answers through a replaceable handler. By default it behaves like a well-mannered RFC 8693
 * authority: the issued token names the subject token's `sub`, the requested audience and
 * scopes, and lives 300 s.
 */
export class StubTokenEndpoint {
  readonly origin: string;
  readonly tokenEndpoint: string;
  readonly requests: RecordedRequest[] = [];
  discoveryRequests = 0;
  /** Requests whose connection the client closed before an answer (a timeout that really cancels). */
  abandonedRequests = 0;
  private handler: StubHandler;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    origin: string,
    private readonly options: StubTokenEndpointOptions,
  ) {
    this.origin = origin;
    this.tokenEndpoint = `${origin}/token`;
    this.handler = (request) => this.issue(request);
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req, res) => void this.handle(req, res));
  }

  static async start(options: StubTokenEndpointOptions = {}): Promise<StubTokenEndpoint> {
    const server = createServer({ keepAlive: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return new StubTokenEndpoint(server, `http://127.0.0.1:${port}`, options);
  }

  /** Answers token requests with `handler` from now on. */
  respondWith(handler: StubHandler): void {
    this.handler = handler;
  }

  /** Overrides members of the discovery document from now on. */
  setMetadata(metadata: Record<string, unknown> | undefined): void {
    this.options.metadata = metadata;
  }

  /** Back to the default, well-mannered answers. */
  respondNormally(): void {
    this.handler = (request) => this.issue(request);
  }

  /** The default success answer for `request`, with `overrides` merged into the JSON. */
  async issue(request: RecordedRequest, overrides: Record<string, unknown> = {}): Promise<StubReply> {
    const form = request.form;
    const grant = form.get('grant_type');
    const subjectToken = form.get('subject_token') ?? form.get('assertion');
    const sub = subjectToken === null ? undefined : subjectOf(subjectToken);
    const claims: Record<string, unknown> = {
      sub: sub ?? 'client:' + (form.get('client_id') ?? 'basic'),
      aud: form.get('audience') ?? form.get('resource') ?? 'default',
      scope: form.get('scope') ?? undefined,
    };
    const accessToken = this.options.mint ? await this.options.mint(claims) : `opaque-${Math.random().toString(36).slice(2)}`;
    const json: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: 300 };
    if (form.get('scope') !== null) json['scope'] = form.get('scope');
    if (grant === 'urn:ietf:params:oauth:grant-type:token-exchange') json['issued_token_type'] = 'urn:ietf:params:oauth:token-type:access_token';
    return { json: { ...json, ...overrides } };
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.origin).pathname;
    if (path === '/.well-known/openid-configuration' && this.options.oauthMetadataOnly === true) {
      return send(res, { status: 404, text: 'Not Found' });
    }
    if (path === '/.well-known/openid-configuration' || path === '/.well-known/oauth-authorization-server') {
      this.discoveryRequests += 1;
      return send(res, { json: { issuer: this.origin, token_endpoint: this.tokenEndpoint, ...this.options.metadata } });
    }
    if (path !== '/token' || req.method !== 'POST') return send(res, { status: 404, json: { error: 'not_found' } });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = { path, headers: req.headers, form: new URLSearchParams(raw), raw };
    const index = this.requests.push(request) - 1;
    res.on('close', () => {
      if (!res.writableFinished) this.abandonedRequests += 1;
    });
    const reply = await this.handler(request, index);
    if ('hang' in reply) return;
    if (reply.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    send(res, reply);
  }
}

function subjectOf(token: string): string | undefined {
  try {
    const sub = decodePayload(token)['sub'];
    return typeof sub === 'string' ? sub : undefined;
  } catch {
    return 'opaque-subject';
  }
}

function send(res: ServerResponse, reply: Exclude<StubReply, { hang: true }>): void {
  if (res.destroyed) return;
  const body = reply.text ?? JSON.stringify(reply.json ?? {});
  res.writeHead(reply.status ?? 200, {
    'content-type': reply.text === undefined ? 'application/json' : 'text/plain',
    'cache-control': 'no-store',
    ...reply.headers,
  });
  res.end(body);
}
