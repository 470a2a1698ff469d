import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { TestIssuer } from '@baton/testing';
import { BatonError } from '../errors/baton-error.js';
import { TemporarilyUnavailableError } from '../errors/temporarily-unavailable.error.js';
import { AccessTokenVerifier } from '../verifier/access-token-verifier.js';
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

/** Metadata for the issuer `${origin}${path}` naming `jwksUri`, at both discovery locations. */
function metadataNaming(jwksUri: (origin: string) => string, path = ''): Record<string, Handler> {
  const handler: Handler = (origin, res) => json({ issuer: `${origin}${path}`, jwks_uri: jwksUri(origin) })(origin, res);
  return { [`${path}/.well-known/openid-configuration`]: handler, [`/.well-known/oauth-authorization-server${path}`]: handler };
}

/**
 * Answers every `fetch` to `origin` with `keys` as a JWKS, without touching the network, and
 * records the URLs asked for; other requests go through. Restored by Jest's restoreMocks.
 */
function interceptOrigin(origin: string, keys: TestIssuer['keys']): string[] {
  const realFetch = globalThis.fetch;
  const requested: string[] = [];
  jest.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.origin !== origin) return realFetch(input, init);
    requested.push(url.href);
    const body = JSON.stringify({ keys: keys.map((key) => key.publicJwk) });
    return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
  });
  return requested;
}

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

  describe('P4: a discovered jwks_uri must be https, or http on a loopback host', () => {
    it.each<[string, string]>([
      ['http on a named host', 'http://jwks.example.com/keys'],
      ['http on a private address', 'http://10.0.0.1/keys'],
      ['http on a host that merely starts with "localhost"', 'http://localhost.example.com/keys'],
      ['ftp', 'ftp://jwks.example.com/keys'],
      ['file', 'file:///etc/jwks.json'],
    ])('P4: refuses metadata whose jwks_uri is %s (%s)', async (_name, jwksUri) => {
      const server = await startMetadataServer(metadataNaming(() => jwksUri));
      try {
        const error = await failure(discoverJwksUri(server.origin, 1_000));

        expect(error).not.toBeInstanceOf(BatonError);
        expect(error.message).toBe(`Discovery failed for issuer ${server.origin}`);
      } finally {
        await server.close();
      }
    });

    it.each<[string, (origin: string) => string]>([
      ['https on a named host', () => 'https://jwks.example.com/keys'],
      ['http on 127.0.0.1', (origin) => `${origin}/keys`],
      ['http on localhost', () => 'http://localhost:8080/keys'],
      ['http on [::1]', () => 'http://[::1]:8080/keys'],
    ])('P4: accepts a jwks_uri of %s, while the same server’s http://jwks.example.com is refused', async (_name, accepted) => {
      const server = await startMetadataServer({
        ...metadataNaming(accepted, '/ok'),
        ...metadataNaming(() => 'http://jwks.example.com/keys', '/plain'),
      });
      try {
        expect((await discoverJwksUri(`${server.origin}/ok`, 1_000)).href).toBe(accepted(server.origin));
        expect((await failure(discoverJwksUri(`${server.origin}/plain`, 1_000))).message).toBe(`Discovery failed for issuer ${server.origin}/plain`);
      } finally {
        await server.close();
      }
    });

    it.each(['http://jwks.example.com/keys', 'http://10.0.0.1/keys'])('P4: allowInsecureHttp (third argument) lets %s through; without it, refused', async (jwksUri) => {
      const server = await startMetadataServer(metadataNaming(() => jwksUri));
      try {
        await failure(discoverJwksUri(server.origin, 1_000));
        await failure(discoverJwksUri(server.origin, 1_000, false));
        expect((await discoverJwksUri(server.origin, 1_000, true)).href).toBe(jwksUri);
      } finally {
        await server.close();
      }
    });

    it.each(['ftp://jwks.example.com/keys', 'file:///etc/jwks.json'])('P4: allowInsecureHttp allows plain http only: %s stays refused', async (jwksUri) => {
      const server = await startMetadataServer(metadataNaming(() => jwksUri));
      try {
        expect((await failure(discoverJwksUri(server.origin, 1_000, true))).message).toBe(`Discovery failed for issuer ${server.origin}`);
      } finally {
        await server.close();
      }
    });

    it.each(['http://jwks.example.com/keys', 'http://10.0.0.1:8080/keys'])(
      'P4: through the verifier, metadata naming %s ends in 503 and that host gets no request',
      async (jwksUri) => {
        const requested = interceptOrigin(new URL(jwksUri).origin, plain.keys);
        const server = await startMetadataServer(metadataNaming(() => jwksUri));
        try {
          const verifier = new AccessTokenVerifier({ issuer: server.origin, audience: 'test-api', jwks: { timeout: 1_000 } });
          const token = await plain.mint({ iss: server.origin });

          for (let attempt = 0; attempt < 2; attempt += 1) {
            const error = await verifier.verify(token).catch((caught: unknown) => caught);
            expect(error).toBeInstanceOf(TemporarilyUnavailableError);
            expect(error).toMatchObject({ status: 503, code: 'ERR_KEYS_UNAVAILABLE' });
            expect((error as TemporarilyUnavailableError).retryAfter).toBeGreaterThanOrEqual(1);
          }
          expect(server.paths).toContain('/.well-known/openid-configuration');
          expect(requested).toEqual([]);
        } finally {
          await server.close();
        }
      },
    );

    it('P4: through the verifier, allowInsecureHttp: true is what lets a discovered http jwks_uri be used', async () => {
      const jwksUri = 'http://jwks.example.com/keys';
      const requested = interceptOrigin(new URL(jwksUri).origin, plain.keys);
      const server = await startMetadataServer(metadataNaming(() => jwksUri));
      try {
        const token = await plain.mint({ iss: server.origin });
        const strict = new AccessTokenVerifier({ issuer: server.origin, audience: 'test-api' });
        const insecure = new AccessTokenVerifier({ issuer: server.origin, audience: 'test-api', allowInsecureHttp: true });

        expect(await strict.verify(token).catch((caught: unknown) => caught)).toBeInstanceOf(TemporarilyUnavailableError);
        expect(requested).toEqual([]);
        expect(await insecure.verify(token)).toMatchObject({ issuer: server.origin, subject: 'user-1' });
        expect(requested).toEqual([jwksUri]);
      } finally {
        await server.close();
      }
    });
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
