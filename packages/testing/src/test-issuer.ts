import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { encodeSegment } from './compact.js';
import type { MintOptions } from './mint-options.js';
import { createTestKey, signWithHmac, signWithKey, type TestKey, type TestKeyAlgorithm } from './test-key.js';

/** Options of {@link TestIssuer.start}. */
export interface TestIssuerOptions {
  /** Algorithms to create a key for; the first is the default for `mint`. Default `['ES256']`. */
  algorithms?: TestKeyAlgorithm[];
  /** Default `aud` of minted tokens. Default `'test-api'`. */
  audience?: string | string[];
  /** Path of the issuer identifier, e.g. `/realms/demo`. Default none. */
  path?: string;
}

/** What the JWKS endpoint does; switch it to test faults (K2, K3). */
export type JwksBehaviour =
  | { mode: 'serve' }
  | { mode: 'fail'; status: number; retryAfter?: number }
  | { mode: 'hang' }
  | { mode: 'body'; body: string; contentType?: string };

/**
 * An OAuth authorization server for tests: its own keys, a discovery document and a JWKS
 * served on 127.0.0.1 and a random free port, and `mint()` for valid or malformed tokens.
 * Nothing leaves the machine; each test suite makes its own.
 *
 * @example
 * ```ts
 * const issuer = await TestIssuer.start({ algorithms: ['ES256', 'RS256'], audience: 'eventcatalog' });
 * const token = await issuer.mint({ scope: 'eventcatalog.read' });
 * const expired = await issuer.mint({ exp: Math.floor(Date.now() / 1000) - 60 });
 * const idToken = await issuer.mint({}, { header: { typ: 'JWT' } });
 * issuer.setJwksBehaviour({ mode: 'hang' });
 * await issuer.close();
 * ```
 */
export class TestIssuer {
  /** The issuer identifier (`iss`), e.g. `http://127.0.0.1:40123`. */
  readonly issuer: string;
  /** The JWKS URL. */
  readonly jwksUri: string;
  /** Requests the JWKS endpoint has received (K1 assertions). */
  jwksRequests = 0;
  /** Requests the discovery endpoints have received. */
  discoveryRequests = 0;

  private published: TestKey[];
  private readonly signing = new Map<TestKeyAlgorithm, TestKey>();
  private behaviour: JwksBehaviour = { mode: 'serve' };
  private jwksOverride: unknown;
  private readonly sockets = new Set<Socket>();
  private readonly defaultAlg: TestKeyAlgorithm;

  private constructor(
    private readonly server: Server,
    origin: string,
    private readonly options: Required<Pick<TestIssuerOptions, 'audience'>> & TestIssuerOptions,
    keys: TestKey[],
  ) {
    this.issuer = `${origin}${options.path ?? ''}`;
    this.jwksUri = `${origin}${options.path ?? ''}/jwks`;
    this.published = [...keys];
    for (const key of keys) this.signing.set(key.alg, key);
    this.defaultAlg = keys[0]!.alg;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req, res) => this.handle(req, res));
  }

  /** Creates the keys and starts listening on 127.0.0.1 and a free port. */
  static async start(options: TestIssuerOptions = {}): Promise<TestIssuer> {
    const algorithms = options.algorithms ?? ['ES256'];
    if (algorithms.length === 0) throw new TypeError('`algorithms` must list at least one algorithm.');
    const keys = algorithms.map((alg) => createTestKey(alg));
    const server = createServer({ keepAlive: true });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return new TestIssuer(server, `http://127.0.0.1:${port}`, { audience: 'test-api', ...options }, keys);
  }

  /** The keys the JWKS publishes now. */
  get keys(): readonly TestKey[] {
    return this.published;
  }

  /** The key `mint` signs with for `alg`. */
  signingKey(alg: TestKeyAlgorithm = this.defaultAlg): TestKey {
    const key = this.signing.get(alg);
    if (key === undefined) throw new TypeError(`This test issuer has no ${alg} key; start it with algorithms: ['${alg}'].`);
    return key;
  }

  /**
   * Mints a token. Defaults: `typ: at+jwt`, `kid` and `alg` of the signing key; claims `iss`,
   * `aud`, `sub: 'user-1'`, `client_id: 'test-client'`, `iat`, `exp` (+300 s), `jti`.
   * `claims` override the defaults and a claim set to `undefined` is left out; `options`
   * change the header and the signature to forge malformed tokens.
   */
  async mint(claims: Record<string, unknown> = {}, options: MintOptions = {}): Promise<string> {
    const alg = options.alg ?? this.defaultAlg;
    const key = options.key ?? this.signingKey(alg);
    const now = Math.floor(Date.now() / 1000);
    const header = withoutUndefined({ alg, typ: 'at+jwt', kid: key.kid, ...options.header });
    const payload = withoutUndefined({
      iss: this.issuer,
      aud: this.options.audience,
      sub: 'user-1',
      client_id: 'test-client',
      iat: now,
      exp: now + (options.expiresIn ?? 300),
      jti: randomUUID(),
      ...claims,
    });
    const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`;
    const signature = options.signature ?? 'key';
    if (signature === 'none') return `${signingInput}.`;
    if (signature === 'key') return `${signingInput}.${encodeSegment(signWithKey(key, alg, signingInput))}`;
    if ('raw' in signature) return `${signingInput}.${encodeSegment(signature.raw)}`;
    return `${signingInput}.${encodeSegment(signWithHmac(signature.hmacSecret, signature.alg ?? 'HS256', signingInput))}`;
  }

  /** Creates a key, publishes it and signs with it from now on for its `alg`; old keys stay published. */
  rotate(alg: TestKeyAlgorithm = this.defaultAlg): TestKey {
    const key = createTestKey(alg);
    this.published = [...this.published, key];
    this.signing.set(alg, key);
    return key;
  }

  /** Publishes an extra key (signing keys do not change). */
  publish(key: TestKey): void {
    this.published = [...this.published, key];
  }

  /** Stops publishing the key with `kid` (a removed key, K4). */
  unpublish(kid: string): void {
    this.published = this.published.filter((key) => key.kid !== kid);
  }

  /** Serves this exact JWKS document instead of the published keys; `undefined` restores them. */
  overrideJwks(document: unknown): void {
    this.jwksOverride = document;
  }

  /** Makes the JWKS endpoint serve, fail, hang or answer garbage. */
  setJwksBehaviour(behaviour: JwksBehaviour): void {
    this.behaviour = behaviour;
  }

  /** Stops the server and drops open (including hanging) connections. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', this.issuer).pathname;
    const base = this.options.path ?? '';
    if (path === `${base}/.well-known/openid-configuration` || path === `/.well-known/oauth-authorization-server${base}`) {
      this.discoveryRequests += 1;
      return json(res, 200, { issuer: this.issuer, jwks_uri: this.jwksUri });
    }
    if (path !== `${base}/jwks`) return json(res, 404, { error: 'not_found' });
    this.jwksRequests += 1;
    const behaviour = this.behaviour;
    switch (behaviour.mode) {
      case 'hang':
        return;
      case 'fail':
        if (behaviour.retryAfter !== undefined) res.setHeader('retry-after', String(behaviour.retryAfter));
        return json(res, behaviour.status, { error: 'server_error' });
      case 'body':
        res.writeHead(200, { 'content-type': behaviour.contentType ?? 'application/json' });
        res.end(behaviour.body);
        return;
      case 'serve':
        return json(res, 200, this.jwksOverride ?? { keys: this.published.map((key) => key.publicJwk) });
    }
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(record)) if (value === undefined) delete record[name];
  return record;
}
