import { constants, createHmac, verify, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { decodeHeader, decodePayload, encodeSegment, tamperPayload } from './compact.js';
import { createTestKey, signWithHmac, signWithKey, type TestKeyAlgorithm } from './test-key.js';
import { TestIssuer } from './test-issuer.js';

const ALGORITHMS: TestKeyAlgorithm[] = ['ES256', 'RS256', 'RS384', 'RS512', 'PS256', 'ES384', 'ES512', 'EdDSA'];

async function getJson(url: string): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(url);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Left as text: some fault modes answer non-JSON on purpose.
  }
  return { status: response.status, headers: response.headers, body };
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('TestIssuer', () => {
  let issuer: TestIssuer;

  // Four RSA key pairs: slow on a busy machine.
  beforeAll(async () => {
    issuer = await TestIssuer.start({ algorithms: ALGORITHMS, audience: 'eventcatalog' });
  }, 30_000);

  afterAll(async () => {
    await issuer.close();
  });

  afterEach(() => {
    issuer.setJwksBehaviour({ mode: 'serve' });
    issuer.overrideJwks(undefined);
  });

  describe('server', () => {
    it('P4: listens on 127.0.0.1 and a free port, with the JWKS under the issuer', () => {
      expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(issuer.jwksUri).toBe(`${issuer.issuer}/jwks`);
    });

    it('P4: publishes one public key per algorithm, never private material', async () => {
      const { status, headers, body } = await getJson(issuer.jwksUri);
      const { keys } = body as JSONWebKeySet;

      expect(status).toBe(200);
      expect(headers.get('content-type')).toBe('application/json');
      expect(headers.get('cache-control')).toBe('no-store');
      expect(keys.map((jwk) => jwk.alg)).toEqual(ALGORITHMS);
      for (const jwk of keys) {
        expect(jwk.use).toBe('sig');
        expect(typeof jwk.kid).toBe('string');
        for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwk).not.toHaveProperty(secret);
      }
    });

    it('K1: counts JWKS requests', async () => {
      const before = issuer.jwksRequests;

      await getJson(issuer.jwksUri);
      await getJson(issuer.jwksUri);

      expect(issuer.jwksRequests).toBe(before + 2);
    });

    it.each(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'])(
      'P4: serves discovery metadata at %s and counts it',
      async (path) => {
        const before = issuer.discoveryRequests;

        const { status, body } = await getJson(`${issuer.issuer}${path}`);

        expect(status).toBe(200);
        expect(body).toEqual({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri });
        expect(issuer.discoveryRequests).toBe(before + 1);
      },
    );

    it('P4: answers 404 elsewhere without counting a JWKS or discovery request', async () => {
      const before = { jwks: issuer.jwksRequests, discovery: issuer.discoveryRequests };

      const { status, body } = await getJson(`${issuer.issuer}/keys`);

      expect(status).toBe(404);
      expect(body).toEqual({ error: 'not_found' });
      expect({ jwks: issuer.jwksRequests, discovery: issuer.discoveryRequests }).toEqual(before);
    });

    it('C2: an issuer path is part of the issuer, the JWKS URL and both discovery locations', async () => {
      const realm = await TestIssuer.start({ path: '/realms/demo' });
      try {
        const origin = new URL(realm.issuer).origin;

        expect(realm.issuer).toBe(`${origin}/realms/demo`);
        expect(realm.jwksUri).toBe(`${origin}/realms/demo/jwks`);
        expect((await getJson(`${origin}/realms/demo/.well-known/openid-configuration`)).body).toEqual({ issuer: realm.issuer, jwks_uri: realm.jwksUri });
        expect((await getJson(`${origin}/.well-known/oauth-authorization-server/realms/demo`)).body).toEqual({ issuer: realm.issuer, jwks_uri: realm.jwksUri });
        expect((await getJson(`${origin}/jwks`)).status).toBe(404);
        expect(realm.discoveryRequests).toBe(2);
      } finally {
        await realm.close();
      }
    });

    it('P3: refuses to start without algorithms', async () => {
      await expect(TestIssuer.start({ algorithms: [] })).rejects.toThrow(new TypeError('`algorithms` must list at least one algorithm.'));
    });
  });

  describe('mint', () => {
    it.each(ALGORITHMS)('C1: a default %s token verifies with jose against the published JWKS', async (alg) => {
      const token = await issuer.mint({ scope: 'eventcatalog.read' }, { alg });

      const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUri)), {
        issuer: issuer.issuer,
        audience: 'eventcatalog',
        typ: 'at+jwt',
        algorithms: [alg],
      });

      expect(protectedHeader).toEqual({ alg, typ: 'at+jwt', kid: issuer.signingKey(alg).kid });
      expect(payload).toMatchObject({ sub: 'user-1', client_id: 'test-client', scope: 'eventcatalog.read' });
    });

    it('C2: sets iss, aud, sub, client_id, iat, exp (+300 s) and a unique jti by default', async () => {
      const before = nowSeconds();
      const first = decodePayload(await issuer.mint());
      const second = decodePayload(await issuer.mint());
      const after = nowSeconds();

      expect(Object.keys(first).sort()).toEqual(['aud', 'client_id', 'exp', 'iat', 'iss', 'jti', 'sub']);
      expect(first).toMatchObject({ iss: issuer.issuer, aud: 'eventcatalog', sub: 'user-1', client_id: 'test-client' });
      expect(first['iat']).toBeGreaterThanOrEqual(before);
      expect(first['iat']).toBeLessThanOrEqual(after);
      expect(first['exp']).toBe(Number(first['iat']) + 300);
      expect(first['jti']).not.toBe(second['jti']);
    });

    it('C2: defaults to audience "test-api" and one ES256 key', async () => {
      const plain = await TestIssuer.start();
      try {
        expect(decodePayload(await plain.mint())['aud']).toBe('test-api');
        expect(decodeHeader(await plain.mint())['alg']).toBe('ES256');
        expect(plain.keys.map((key) => key.alg)).toEqual(['ES256']);
        expect(() => plain.signingKey('RS256')).toThrow(new TypeError("This test issuer has no RS256 key; start it with algorithms: ['RS256']."));
      } finally {
        await plain.close();
      }
    });

    it('C3: claims override the defaults, and undefined removes one', async () => {
      const payload = decodePayload(await issuer.mint({ sub: 42, aud: ['a', 'b'], exp: undefined, jti: undefined, extra: null }));

      expect(payload['sub']).toBe(42);
      expect(payload['aud']).toEqual(['a', 'b']);
      expect(payload).not.toHaveProperty('exp');
      expect(payload).not.toHaveProperty('jti');
      expect(payload['extra']).toBeNull();
    });

    it('C4: expiresIn sets exp relative to now', async () => {
      const payload = decodePayload(await issuer.mint({}, { expiresIn: -60 }));

      expect(payload['exp']).toBe(Number(payload['iat']) - 60);
    });

    it('C1: header members can be added, changed or removed', async () => {
      const token = await issuer.mint({}, { header: { typ: 'JWT', kid: undefined, jku: 'https://attacker.example/jwks' } });

      expect(decodeHeader(token)).toEqual({ alg: 'ES256', typ: 'JWT', jku: 'https://attacker.example/jwks' });
    });

    it('P1: signature "none" gives header.payload. with an empty signature', async () => {
      const token = await issuer.mint({}, { header: { alg: 'none' }, signature: 'none' });
      const [header, payload, signature] = token.split('.');

      expect(token.endsWith('.')).toBe(true);
      expect(signature).toBe('');
      expect(decodeHeader(token)['alg']).toBe('none');
      expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({ sub: 'user-1' });
      expect(header).toBe(encodeSegment({ alg: 'none', typ: 'at+jwt', kid: issuer.signingKey().kid }));
    });

    it.each(['HS256', 'HS384', 'HS512'] as const)('P2: hmacSecret signs %s with the given secret (the public key PEM)', async (hmac) => {
      const pem = issuer.signingKey('RS256').publicKey.export({ type: 'spki', format: 'pem' });
      const token = await issuer.mint({}, { alg: 'RS256', header: { alg: hmac }, signature: { hmacSecret: pem, alg: hmac } });
      const [header, payload, signature] = token.split('.');
      const expected = createHmac(`sha${hmac.slice(2)}`, pem).update(`${header}.${payload}`).digest('base64url');

      expect(signature).toBe(expected);
      expect(decodeHeader(token)).toMatchObject({ alg: hmac, kid: issuer.signingKey('RS256').kid });
    });

    it('P2: hmacSecret defaults to HS256', async () => {
      const token = await issuer.mint({}, { header: { alg: 'HS256' }, signature: { hmacSecret: 'secret' } });
      const [header, payload, signature] = token.split('.');

      expect(signature).toBe(createHmac('sha256', 'secret').update(`${header}.${payload}`).digest('base64url'));
    });

    it('P6: raw puts the exact bytes in the signature segment', async () => {
      const raw = Buffer.from([0, 1, 2, 250, 251, 252]);

      expect((await issuer.mint({}, { signature: { raw } })).split('.')[2]).toBe(raw.toString('base64url'));
    });

    it('P6: key signs with another key under that key’s kid; jose refuses it against the JWKS', async () => {
      const outsider = createTestKey('ES256', { kid: 'outsider' });
      const token = await issuer.mint({}, { key: outsider });

      expect(decodeHeader(token)['kid']).toBe('outsider');
      await expect(jwtVerify(token, createRemoteJWKSet(new URL(issuer.jwksUri)))).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
      await expect(jwtVerify(token, createLocalJWKSet({ keys: [outsider.publicJwk] }))).resolves.toMatchObject({ payload: { sub: 'user-1' } });
    });
  });

  describe('key set changes', () => {
    let rotating: TestIssuer;

    beforeEach(async () => {
      rotating = await TestIssuer.start();
    });

    afterEach(async () => {
      await rotating.close();
    });

    const publishedKids = async (): Promise<string[]> => ((await getJson(rotating.jwksUri)).body as JSONWebKeySet).keys.map((jwk) => String(jwk.kid));

    it('K4: rotate publishes a new key, signs with it, and keeps the old one published', async () => {
      const old = rotating.signingKey();

      const next = rotating.rotate();

      expect(next.kid).not.toBe(old.kid);
      expect(rotating.signingKey()).toBe(next);
      expect(decodeHeader(await rotating.mint())['kid']).toBe(next.kid);
      expect(await publishedKids()).toEqual([old.kid, next.kid]);
      expect(rotating.keys.map((key) => key.kid)).toEqual([old.kid, next.kid]);
    });

    it('K4: unpublish removes a key from the JWKS only', async () => {
      const old = rotating.signingKey();
      const next = rotating.rotate();

      rotating.unpublish(old.kid);

      expect(await publishedKids()).toEqual([next.kid]);
      expect(decodeHeader(await rotating.mint({}, { key: old }))['kid']).toBe(old.kid);
    });

    it('K1: publish adds a key without changing the signing key', async () => {
      const signing = rotating.signingKey();
      const extra = createTestKey('ES256');

      rotating.publish(extra);

      expect(await publishedKids()).toEqual([signing.kid, extra.kid]);
      expect(rotating.signingKey()).toBe(signing);
    });

    it('P9: overrideJwks serves an exact document, and undefined restores the keys', async () => {
      rotating.overrideJwks({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] });
      expect((await getJson(rotating.jwksUri)).body).toEqual({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] });

      rotating.overrideJwks(undefined);
      expect(await publishedKids()).toEqual([rotating.signingKey().kid]);
    });
  });

  describe('JWKS fault modes', () => {
    it('K3: fail answers the status with Retry-After and counts the request', async () => {
      issuer.setJwksBehaviour({ mode: 'fail', status: 503, retryAfter: 30 });
      const before = issuer.jwksRequests;

      const { status, headers, body } = await getJson(issuer.jwksUri);

      expect(status).toBe(503);
      expect(headers.get('retry-after')).toBe('30');
      expect(body).toEqual({ error: 'server_error' });
      expect(issuer.jwksRequests).toBe(before + 1);
    });

    it('K3: fail without retryAfter sends no Retry-After', async () => {
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });

      const { status, headers } = await getJson(issuer.jwksUri);

      expect(status).toBe(500);
      expect(headers.get('retry-after')).toBeNull();
    });

    it('K2: body answers 200 with the given text and content type', async () => {
      issuer.setJwksBehaviour({ mode: 'body', body: '<html>oops</html>', contentType: 'text/html' });

      const { status, headers, body } = await getJson(issuer.jwksUri);

      expect(status).toBe(200);
      expect(headers.get('content-type')).toBe('text/html');
      expect(body).toBe('<html>oops</html>');
    });

    it('K2: hang never answers (the client must time out) but counts the request', async () => {
      issuer.setJwksBehaviour({ mode: 'hang' });
      const before = issuer.jwksRequests;

      await expect(fetch(issuer.jwksUri, { signal: AbortSignal.timeout(100) })).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(issuer.jwksRequests).toBe(before + 1);
    });

    it('K2: serve restores the normal JWKS', async () => {
      issuer.setJwksBehaviour({ mode: 'fail', status: 500 });
      issuer.setJwksBehaviour({ mode: 'serve' });

      expect((await getJson(issuer.jwksUri)).status).toBe(200);
    });

    it('K2: close drops hanging connections instead of waiting for them', async () => {
      const hanging = await TestIssuer.start();
      hanging.setJwksBehaviour({ mode: 'hang' });
      const request = fetch(hanging.jwksUri).then(
        () => 'answered',
        () => 'dropped',
      );
      while (hanging.jwksRequests === 0) await new Promise((resolve) => setTimeout(resolve, 5));

      await hanging.close();

      expect(await request).toBe('dropped');
    });
  });
});

describe('createTestKey', () => {
  it('K4: gives each key a fresh UUID kid unless one is given', () => {
    const a = createTestKey('ES256');
    const b = createTestKey('ES256');

    expect(a.kid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(a.kid).not.toBe(b.kid);
    expect(createTestKey('ES256', { kid: 'k-1' }).kid).toBe('k-1');
    expect(createTestKey('ES256', { kid: '' }).kid).toBe('');
  });

  it.each<[TestKeyAlgorithm, string, Record<string, unknown>]>([
    ['ES256', 'EC', { crv: 'P-256' }],
    ['ES384', 'EC', { crv: 'P-384' }],
    ['ES512', 'EC', { crv: 'P-521' }],
    ['EdDSA', 'OKP', { crv: 'Ed25519' }],
    ['RS256', 'RSA', { e: 'AQAB' }],
    ['PS256', 'RSA', { e: 'AQAB' }],
  ])('P3: a %s key publishes a %s JWK with alg, kid and use: sig', (alg, kty, extra) => {
    const key = createTestKey(alg, { kid: 'k' });

    expect(key.publicJwk).toMatchObject({ kty, alg, kid: 'k', use: 'sig', ...extra });
    expect(key.publicKey.type).toBe('public');
    expect(key.privateKey.type).toBe('private');
    expect(Object.isFrozen(key)).toBe(true);
    expect(Object.isFrozen(key.publicJwk)).toBe(true);
  });

  it('P9: modulusLength makes weak RSA keys', () => {
    expect(createTestKey('RS256', { modulusLength: 1024 }).publicKey.asymmetricKeyDetails?.modulusLength).toBe(1024);
    expect(createTestKey('RS256').publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('P9: jwk overrides members of the published JWK, and undefined removes them', () => {
    const key = createTestKey('ES256', { jwk: { use: 'enc', alg: undefined, key_ops: ['encrypt'] } });

    expect(key.publicJwk.use).toBe('enc');
    expect(key.publicJwk).not.toHaveProperty('alg');
    expect(key.publicJwk).toMatchObject({ key_ops: ['encrypt'] });
  });
});

describe('signing helpers', () => {
  const input = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ';

  it.each<[TestKeyAlgorithm, number | undefined]>([
    ['ES256', 64],
    ['ES384', 96],
    ['ES512', 132],
    ['EdDSA', 64],
    ['RS256', 256],
  ])('P6: signWithKey gives a %s signature of the JWS length', (alg, length) => {
    expect(signWithKey(createTestKey(alg), alg, input)).toHaveLength(length!);
  });

  it('P6: ECDSA signatures are r||s (IEEE P1363), as JWS requires', () => {
    const key = createTestKey('ES256');
    const signature = signWithKey(key, 'ES256', input);

    expect(verify('sha256', Buffer.from(input), { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  });

  it('P6: PS256 uses PSS with a 32-byte salt', () => {
    const key = createTestKey('PS256');
    const signature = signWithKey(key, 'PS256', input);
    const pss = (publicKey: KeyObject, saltLength: number): boolean =>
      verify('sha256', Buffer.from(input), { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);

    expect(pss(key.publicKey, 32)).toBe(true);
    expect(verify('sha256', Buffer.from(input), key.publicKey, signature)).toBe(false);
  });

  it.each(['HS256', 'HS384', 'HS512'] as const)('P2: signWithHmac computes %s', (alg) => {
    expect(signWithHmac('k', alg, input).equals(createHmac(`sha${alg.slice(2)}`, 'k').update(input).digest())).toBe(true);
  });
});

describe('compact helpers', () => {
  it.each<[string, unknown, string]>([
    ['a JSON object', { alg: 'none' }, 'eyJhbGciOiJub25lIn0'],
    ['a string, as is', 'abc', 'YWJj'],
    ['a Buffer', Buffer.from([0xfb, 0xff]), '-_8'],
    ['a Uint8Array', new Uint8Array([0xfb, 0xff]), '-_8'],
    ['a JSON array', [1], 'WzFd'],
    ['JSON null', null, 'bnVsbA'],
  ])('P7: encodeSegment encodes %s as unpadded base64url', (_name, value, expected) => {
    expect(encodeSegment(value)).toBe(expected);
  });

  it('P7: decodeHeader and decodePayload read without checking', () => {
    const token = `${encodeSegment({ alg: 'none' })}.${encodeSegment({ sub: 'x' })}.`;

    expect(decodeHeader(token)).toEqual({ alg: 'none' });
    expect(decodePayload(token)).toEqual({ sub: 'x' });
  });

  it('P6: tamperPayload changes the payload and keeps header and signature, so the signature no longer matches', async () => {
    const issuer = await TestIssuer.start();
    try {
      const token = await issuer.mint({ scope: 'read' });
      const forged = tamperPayload(token, (claims) => ({ ...claims, scope: 'admin' }));
      const [h1, , s1] = token.split('.');
      const [h2, , s2] = forged.split('.');

      expect([h2, s2]).toEqual([h1, s1]);
      expect(decodePayload(forged)).toEqual({ ...decodePayload(token), scope: 'admin' });
      await expect(jwtVerify(forged, createRemoteJWKSet(new URL(issuer.jwksUri)))).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    } finally {
      await issuer.close();
    }
  });
});
