import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { TestIssuer } from '@baton/testing';
import { BatonError } from '../errors/baton-error.js';
import { discoverJwksUri } from './discover-jwks-uri.js';

type Handler = (origin: string, res: ServerResponse) => void;

/** A metadata server on 127.0.0.1 answering only the paths given; counts every request. */
async function startMetadataServer(routes: Record<string, Handler>): Promise<{ origin: string; paths: string[]; close: () => Promise<void> }> {
  const paths: string[] = [];
  let origin = '';
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    paths.push(path);
    const handler = routes[path];
    if (handler === undefined) {
      res.writeHead(404).end();
      return;
    }
    handler(origin, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    origin,
    paths,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const json = (body: unknown): Handler => (_origin, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

async function failure(discovery: Promise<unknown>): Promise<Error> {
  const error = await discovery.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error('expected discovery to fail');
  return error;
}

describe('discoverJwksUri', () => {
  let plain: TestIssuer;
  let withPath: TestIssuer;

  beforeAll(async () => {
    [plain, withPath] = await Promise.all([TestIssuer.start(), TestIssuer.start({ path: '/realms/demo' })]);
  });

  afterAll(async () => {
    await Promise.all([plain.close(), withPath.close()]);
  });

  it('P4: finds jwks_uri through OpenID Connect discovery', async () => {
    expect((await discoverJwksUri(plain.issuer, 1_000)).href).toBe(plain.jwksUri);
  });

  it('P4: keeps the issuer path when discovering (…/realms/demo/.well-known/openid-configuration)', async () => {
    expect((await discoverJwksUri(withPath.issuer, 1_000)).href).toBe(withPath.jwksUri);
  });

  it('P4: falls back to RFC 8414 metadata, inserted after the origin', async () => {
    const server = await startMetadataServer({
      '/.well-known/oauth-authorization-server/tenant': (origin, res) =>
        json({ issuer: `${origin}/tenant`, jwks_uri: `${origin}/tenant/keys` })(origin, res),
    });
    try {
      expect((await discoverJwksUri(`${server.origin}/tenant`, 1_000)).href).toBe(`${server.origin}/tenant/keys`);
      expect(server.paths).toEqual(['/tenant/.well-known/openid-configuration', '/.well-known/oauth-authorization-server/tenant']);
    } finally {
      await server.close();
    }
  });

  it.each<[string, (origin: string) => unknown]>([
    ['names another issuer', () => ({ issuer: 'https://attacker.example', jwks_uri: 'https://attacker.example/jwks' })],
    ['names the issuer with a trailing slash', (origin) => ({ issuer: `${origin}/`, jwks_uri: `${origin}/jwks` })],
    ['names no issuer', (origin) => ({ jwks_uri: `${origin}/jwks` })],
    ['has no jwks_uri', (origin) => ({ issuer: origin })],
    ['has a non-string jwks_uri', (origin) => ({ issuer: origin, jwks_uri: [`${origin}/jwks`] })],
    ['is JSON null', () => null],
  ])('P4: refuses metadata that %s', async (_name, document) => {
    const server = await startMetadataServer({
      '/.well-known/openid-configuration': (origin, res) => json(document(origin))(origin, res),
      '/.well-known/oauth-authorization-server': (origin, res) => json(document(origin))(origin, res),
    });
    try {
      const error = await failure(discoverJwksUri(server.origin, 1_000));

      expect(error).not.toBeInstanceOf(BatonError);
      expect(error.message).toBe(`Discovery failed for issuer ${server.origin}`);
    } finally {
      await server.close();
    }
  });

  it('P4: the configured issuer must match exactly: a trailing slash finds no matching metadata', async () => {
    const error = await failure(discoverJwksUri(`${plain.issuer}/`, 1_000));

    expect(error.message).toBe(`Discovery failed for issuer ${plain.issuer}/`);
  });

  it('P4: never follows a redirect to other metadata', async () => {
    const server = await startMetadataServer({
      '/.well-known/openid-configuration': (_origin, res) => {
        res.writeHead(302, { location: `${plain.issuer}/.well-known/openid-configuration` }).end();
      },
    });
    const before = plain.discoveryRequests;
    try {
      await failure(discoverJwksUri(server.origin, 1_000));

      expect(plain.discoveryRequests).toBe(before);
    } finally {
      await server.close();
    }
  });

  it('K2: refuses a metadata document that is not JSON', async () => {
    const server = await startMetadataServer({
      '/.well-known/openid-configuration': (_origin, res) => {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      },
    });
    try {
      expect((await failure(discoverJwksUri(server.origin, 1_000))).message).toBe(`Discovery failed for issuer ${server.origin}`);
    } finally {
      await server.close();
    }
  });

  it('K2: a metadata endpoint that never answers is cut off by the timeout', async () => {
    const server = await startMetadataServer({
      '/.well-known/openid-configuration': () => undefined,
      '/.well-known/oauth-authorization-server': () => undefined,
    });
    const started = Date.now();
    try {
      const error = await failure(discoverJwksUri(server.origin, 100));

      expect(error.message).toBe(`Discovery failed for issuer ${server.origin}`);
      expect(Date.now() - started).toBeLessThan(1_500);
    } finally {
      await server.close();
    }
  });
});
