import { Controller, Get, Post, Req } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from '@baton/testing';
import request from 'supertest';
import { Principal, Public, RequireAnyScope, RequireScope } from '../src/index.js';
import {
  ADAPTERS,
  answerOf,
  authOptionsFor,
  AUDIENCE,
  createTestApp,
  insufficientScope,
  invalidRequest,
  invalidToken,
  NO_TOKEN,
  rawGet,
  REQUEST_ERRORS,
  TOKEN_ERRORS,
} from './create-test-app.js';

@Controller('scoped')
class ScopedController {
  @Get('read') @RequireScope('read') read() {
    return { ok: true };
  }

  @Get('read-write') @RequireScope('read', 'write') readWrite() {
    return { ok: true };
  }

  @Get('read-or-write') @RequireAnyScope('read', 'write') readOrWrite() {
    return { ok: true };
  }

  @Get('stacked') @RequireScope('read') @RequireScope('write') stacked() {
    return { ok: true };
  }

  @Post('read') @RequireScope('read') postRead() {
    return { ok: true };
  }
}

@Controller('layered')
@RequireScope('a')
class LayeredController {
  @Get() @RequireScope('b') get() {
    return { ok: true };
  }

  @Get('class-only') classOnly() {
    return { ok: true };
  }
}

@Controller('plain')
class PlainController {
  @Get() get() {
    return { ok: true };
  }

  @Get('public') @Public() open() {
    return { ok: true };
  }

  @Get('principal') principal(@Principal() principal: Principal, @Req() req: { user?: unknown }) {
    return {
      subject: principal.subject,
      clientId: principal.clientId,
      scopesIsSet: principal.scopes instanceof Set,
      scopes: [...principal.scopes].sort(),
      audience: principal.audience,
      issuer: principal.issuer,
      actor: principal.actor,
      sameAsRequestUser: req.user === principal,
    };
  }
}

@Controller('open')
@Public()
class OpenController {
  @Get() index() {
    return { ok: true };
  }

  @Get('other') other() {
    return { ok: true };
  }

  @Get('admin') @RequireScope('admin') admin() {
    return { ok: true };
  }
}

const CONTROLLERS = [ScopedController, LayeredController, PlainController, OpenController];

let issuer: TestIssuer;
let token: string;
let readToken: string;

beforeAll(async () => {
  issuer = await TestIssuer.start({ audience: AUDIENCE });
  token = await issuer.mint();
  readToken = await issuer.mint({ scope: 'read' });
});

afterAll(async () => {
  await issuer.close();
});

describe.each(ADAPTERS)('guards on %s', (adapter) => {
  let app: INestApplication;
  /** allowQueryToken and allowBodyToken on. */
  let lenient: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({ adapter, controllers: CONTROLLERS, auth: authOptionsFor(issuer) });
    lenient = await createTestApp({
      adapter,
      controllers: CONTROLLERS,
      auth: authOptionsFor(issuer, { allowQueryToken: true, allowBodyToken: true }),
    });
  });

  afterAll(async () => {
    await app?.close();
    await lenient?.close();
  });

  const get = (path: string, authorization?: string, target: INestApplication = app) => {
    const call = request(target.getHttpServer()).get(path);
    return authorization === undefined ? call : call.set('Authorization', authorization);
  };

  describe('Z1: no bearer credentials', () => {
    it('Z1: 401 with a bare Bearer challenge and {} when no Authorization header is sent', async () => {
      expect(answerOf(await get('/scoped/read'))).toEqual(NO_TOKEN);
    });

    it.each([
      ['Basic', 'Basic dXNlcjpwYXNzd29yZA=='],
      ['Digest', 'Digest username="user", realm="api", nonce="x", uri="/", response="y"'],
      ['an unknown scheme with a JWT', 'Token eyJhbGciOiJFUzI1NiJ9.e30.c2ln'],
      ['an empty header', ''],
      ['blanks only', '   '],
    ])('Z1: 401 with a bare Bearer challenge for %s', async (_name, authorization) => {
      expect(answerOf(await get('/scoped/read', authorization))).toEqual(NO_TOKEN);
    });

    it('Z1: the bare challenge also answers a route without any decorator', async () => {
      expect(answerOf(await get('/plain'))).toEqual(NO_TOKEN);
    });
  });

  describe('Z2: the Bearer scheme', () => {
    it.each(['Bearer', 'bearer', 'BEARER', 'bEaReR'])('Z2: the scheme name "%s" is accepted (case-insensitive)', async (scheme) => {
      const response = await get('/scoped/read', `${scheme} ${readToken}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ok: true });
    });

    it('Z2: blanks between the scheme and the token are tolerated', async () => {
      expect((await get('/scoped/read', `Bearer    ${readToken}`)).status).toBe(200);
    });

    it.each([
      ['"Bearer" alone', 'Bearer'],
      ['"Bearer" and blanks', 'Bearer   '],
      ['two tokens separated by a space', 'Bearer a b'],
      ['a token and more text', `Bearer ${readToken} extra`],
      ['characters outside b64token', 'Bearer abc$def'],
      ['"=" in the middle', 'Bearer ab=cd'],
    ])('Z2: 400 invalid_request for %s', async (_name, authorization) => {
      expect(answerOf(await get('/scoped/read', authorization))).toEqual(invalidRequest(REQUEST_ERRORS.malformedAuthorization));
    });

    it.each([
      ['a b64token that is not a JWT', 'Bearer abcdef'],
      ['a base64 blob', 'Bearer dGhpcyBpcyBub3QgYSB0b2tlbg=='],
      ['dots only', 'Bearer ...'],
    ])('Z2: 401 invalid_token for %s', async (_name, authorization) => {
      expect(answerOf(await get('/scoped/read', authorization))).toEqual(invalidToken(TOKEN_ERRORS.malformed));
    });
  });

  describe('Z3: one token, in one place', () => {
    it('Z3: 400 invalid_request for a header token plus ?access_token=', async () => {
      const response = await get(`/scoped/read?access_token=${readToken}`, `Bearer ${readToken}`);
      expect(answerOf(response)).toEqual(invalidRequest(REQUEST_ERRORS.multipleTokens));
    });

    it('Z3: 400 invalid_request for a header token plus ?access_token= even where query tokens are allowed', async () => {
      const response = await get(`/scoped/read?access_token=${readToken}`, `Bearer ${readToken}`, lenient);
      expect(answerOf(response)).toEqual(invalidRequest(REQUEST_ERRORS.multipleTokens));
    });

    it('Z3: a query-only token is ignored by default (401, bare challenge)', async () => {
      expect(answerOf(await get(`/scoped/read?access_token=${readToken}`))).toEqual(NO_TOKEN);
    });

    it('Z3: a query-only token is accepted with allowQueryToken: true', async () => {
      const response = await get(`/scoped/read?access_token=${readToken}`, undefined, lenient);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ok: true });
    });

    it('Z3: 400 invalid_request for a repeated ?access_token=', async () => {
      const response = await get(`/scoped/read?access_token=${readToken}&access_token=${readToken}`, undefined, lenient);
      expect(answerOf(response)).toEqual(invalidRequest(REQUEST_ERRORS.multipleTokens));
    });

    it('Z3: 400 invalid_request for two Authorization header lines', async () => {
      const response = await rawGet(app, '/scoped/read', { Authorization: [`Bearer ${readToken}`, `Bearer ${readToken}`] });
      expect(response.status).toBe(400);
      expect(response.headers['www-authenticate']).toBe(
        `Bearer error="invalid_request", error_description="${REQUEST_ERRORS.multipleTokens}"`,
      );
      expect(response.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(response.body)).toEqual({ error: 'invalid_request', error_description: REQUEST_ERRORS.multipleTokens });
    });

    it('Z3: 400 invalid_request for a Bearer header line plus a Basic one', async () => {
      const response = await rawGet(app, '/scoped/read', { Authorization: ['Basic dXNlcjpwYXNz', `Bearer ${readToken}`] });
      expect(response.status).toBe(400);
      expect(response.headers['www-authenticate']).toBe(
        `Bearer error="invalid_request", error_description="${REQUEST_ERRORS.multipleTokens}"`,
      );
    });

    it('Z3: 400 invalid_request for two credentials in one header value', async () => {
      const response = await get('/scoped/read', `Basic dXNlcjpwYXNz, Bearer ${readToken}`);
      expect(answerOf(response)).toEqual(invalidRequest(REQUEST_ERRORS.multipleTokens));
    });

    it('Z3: 400 invalid_request for a header token plus a form body access_token', async () => {
      const response = await request(app.getHttpServer())
        .post('/scoped/read')
        .set('Authorization', `Bearer ${readToken}`)
        .type('form')
        .send({ access_token: readToken });
      expect(answerOf(response)).toEqual(invalidRequest(REQUEST_ERRORS.multipleTokens));
    });

    it('Z3: a body-only token is ignored by default and accepted with allowBodyToken: true', async () => {
      const send = (target: INestApplication) =>
        request(target.getHttpServer()).post('/scoped/read').type('form').send({ access_token: readToken });
      expect(answerOf(await send(app))).toEqual(NO_TOKEN);
      const accepted = await send(lenient);
      expect(accepted.status).toBe(201);
      expect(accepted.body).toEqual({ ok: true });
    });
  });

  describe('Z4: scopes', () => {
    const withScope = async (scope: string | undefined) => `Bearer ${await issuer.mint({ scope })}`;

    it('Z4: 200 when the required scope is granted among others', async () => {
      expect((await get('/scoped/read', await withScope('profile read write'))).status).toBe(200);
    });

    it('Z4: 403 insufficient_scope when read is required and readonly granted', async () => {
      expect(answerOf(await get('/scoped/read', await withScope('readonly')))).toEqual(insufficientScope('read'));
    });

    it.each([
      ['Read', 'Read'],
      ['READ', 'READ'],
      ['a prefix of it', 'rea'],
      ['a namespaced variant', 'eventcatalog.read'],
      ['no scope at all', undefined],
      ['an empty scope claim', ''],
    ])('Z4: 403 insufficient_scope when read is required and %s is granted', async (_name, scope) => {
      expect(answerOf(await get('/scoped/read', await withScope(scope)))).toEqual(insufficientScope('read'));
    });

    it('Z4: an scp array claim is read as whole values too', async () => {
      expect((await get('/scoped/read', `Bearer ${await issuer.mint({ scp: ['write', 'read'] })}`)).status).toBe(200);
      const readonly = `Bearer ${await issuer.mint({ scp: ['readonly'] })}`;
      expect(answerOf(await get('/scoped/read', readonly))).toEqual(insufficientScope('read'));
    });

    it('Z4: @RequireScope with two scopes needs both and names both', async () => {
      expect((await get('/scoped/read-write', await withScope('write read'))).status).toBe(200);
      expect(answerOf(await get('/scoped/read-write', await withScope('read')))).toEqual(insufficientScope('read write'));
      expect(answerOf(await get('/scoped/read-write', await withScope('write')))).toEqual(insufficientScope('read write'));
    });

    it('Z4: @RequireAnyScope is satisfied by either scope and names all accepted ones when none is granted', async () => {
      expect((await get('/scoped/read-or-write', await withScope('read'))).status).toBe(200);
      expect((await get('/scoped/read-or-write', await withScope('write'))).status).toBe(200);
      expect(answerOf(await get('/scoped/read-or-write', await withScope('readonly writer')))).toEqual(
        insufficientScope('read write', 'any'),
      );
    });

    it('Z4: two @RequireScope decorators on one handler both apply', async () => {
      expect((await get('/scoped/stacked', await withScope('read write'))).status).toBe(200);
      expect(answerOf(await get('/scoped/stacked', await withScope('read')))).toEqual(insufficientScope('write'));
      expect(answerOf(await get('/scoped/stacked', await withScope('write')))).toEqual(insufficientScope('read'));
    });

    it('Z4: class @RequireScope(a) and method @RequireScope(b) both apply', async () => {
      expect((await get('/layered', await withScope('a b'))).status).toBe(200);
      expect(answerOf(await get('/layered', await withScope('a')))).toEqual(insufficientScope('b'));
      expect(answerOf(await get('/layered', await withScope('b')))).toEqual(insufficientScope('a'));
      expect(answerOf(await get('/layered', await withScope(undefined)))).toEqual(insufficientScope('a'));
    });

    it('Z4: a class @RequireScope applies to a handler without its own', async () => {
      expect((await get('/layered/class-only', await withScope('a'))).status).toBe(200);
      expect(answerOf(await get('/layered/class-only', await withScope('b')))).toEqual(insufficientScope('a'));
    });

    it('Z4: authentication comes first: no token on a scoped route is 401, not 403', async () => {
      expect(answerOf(await get('/layered'))).toEqual(NO_TOKEN);
    });
  });

  describe('Z5: protected unless @Public()', () => {
    it('Z5: a route without any decorator needs a token: 401 without, 200 with any valid token', async () => {
      expect(answerOf(await get('/plain'))).toEqual(NO_TOKEN);
      const response = await get('/plain', `Bearer ${token}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ok: true });
    });

    it('Z5: a route without any decorator still refuses an invalid token', async () => {
      const expired = await issuer.mint({ exp: Math.floor(Date.now() / 1000) - 60 });
      expect(answerOf(await get('/plain', `Bearer ${expired}`))).toEqual(invalidToken(TOKEN_ERRORS.expired));
    });

    it('Z5: @Public() on a handler opens only that handler', async () => {
      expect((await get('/plain/public')).status).toBe(200);
      expect(answerOf(await get('/plain'))).toEqual(NO_TOKEN);
    });

    it('Z5: @Public() on a controller opens all its routes', async () => {
      for (const path of ['/open', '/open/other']) {
        const response = await get(path);
        expect(response.status).toBe(200);
        expect(response.body).toEqual({ ok: true });
      }
    });

    it('Z5: @Public() on a controller does not open a handler that requires a scope (fail-closed)', async () => {
      expect(answerOf(await get('/open/admin'))).toEqual(NO_TOKEN);
      expect(answerOf(await get('/open/admin', `Bearer ${readToken}`))).toEqual(insufficientScope('admin'));
      expect((await get('/open/admin', `Bearer ${await issuer.mint({ scope: 'admin' })}`)).status).toBe(200);
    });

    it('Z5: a @Public() route called with a valid token still works', async () => {
      const response = await get('/plain/public', `Bearer ${readToken}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ok: true });
    });

    it('Z5: routes that do not exist answer 404, not a challenge', async () => {
      const response = await get('/missing');
      expect(response.status).toBe(404);
      expect(response.headers['www-authenticate']).toBeUndefined();
    });
  });

  describe('Z6: request text never reaches WWW-Authenticate', () => {
    const hostile = '"\r\nSet-Cookie: session=stolen\r\nX-Injected: "yes';

    const expectNoInjection = (headers: Record<string, unknown>) => {
      expect(headers['set-cookie']).toBeUndefined();
      expect(headers['x-injected']).toBeUndefined();
    };

    it('Z6: quotes and backslashes in the Authorization header', async () => {
      const response = await get('/scoped/read', 'Bearer abc"def\\ghi');
      expect(answerOf(response)).toEqual(invalidRequest(REQUEST_ERRORS.malformedAuthorization));
    });

    it('Z6: CR/LF encoded in the query next to a header token', async () => {
      const response = await get(`/scoped/read?access_token=${encodeURIComponent(hostile)}`, `Bearer ${readToken}`);
      expect(answerOf(response)).toEqual(invalidRequest(REQUEST_ERRORS.multipleTokens));
      expectNoInjection(response.headers);
    });

    it('Z6: CR/LF encoded in a query token where query tokens are allowed', async () => {
      const response = await get(`/scoped/read?access_token=${encodeURIComponent(hostile)}`, undefined, lenient);
      expect(answerOf(response)).toEqual(invalidRequest(REQUEST_ERRORS.malformedAuthorization));
      expectNoInjection(response.headers);
    });

    it('Z6: CR/LF, quotes and commas inside token claims and header members', async () => {
      const inKid = await issuer.mint({ scope: 'read' }, { header: { kid: hostile } });
      const inAudience = await issuer.mint({ aud: hostile, scope: 'read' });
      const inIssuer = await issuer.mint({ iss: hostile, scope: 'read' });
      expect(answerOf(await get('/scoped/read', `Bearer ${inKid}`))).toEqual(invalidToken(TOKEN_ERRORS.keyNotFound));
      expect(answerOf(await get('/scoped/read', `Bearer ${inAudience}`))).toEqual(invalidToken(TOKEN_ERRORS.audience));
      expect(answerOf(await get('/scoped/read', `Bearer ${inIssuer}`))).toEqual(invalidToken(TOKEN_ERRORS.issuer));
    });

    it('Z6: granted scopes with quotes and CR/LF never appear in the 403 challenge', async () => {
      const response = await get('/scoped/read', `Bearer ${await issuer.mint({ scope: `x"y ${hostile}` })}`);
      expect(answerOf(response)).toEqual(insufficientScope('read'));
      expectNoInjection(response.headers);
    });
  });

  describe('C3: the principal', () => {
    it('C3: @Principal() gives subject, clientId, scopes as a Set and the act chain; req.user is the same object', async () => {
      const delegated = await issuer.mint({
        sub: 'user-42',
        client_id: 'web',
        scope: 'write read',
        act: { sub: 'shoppingbasket', client_id: 'shoppingbasket', act: { sub: 'gateway', client_id: 'gateway', iss: 'https://partner.example' } },
      });
      const response = await get('/plain/principal', `Bearer ${delegated}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        subject: 'user-42',
        clientId: 'web',
        scopesIsSet: true,
        scopes: ['read', 'write'],
        audience: [AUDIENCE],
        issuer: issuer.issuer,
        actor: {
          subject: 'shoppingbasket',
          clientId: 'shoppingbasket',
          actor: { subject: 'gateway', clientId: 'gateway', issuer: 'https://partner.example' },
        },
        sameAsRequestUser: true,
      });
    });

    it('C3: a token without act has no actor', async () => {
      const response = await get('/plain/principal', `Bearer ${token}`);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ subject: 'user-1', clientId: 'test-client', scopes: [], sameAsRequestUser: true });
      expect(response.body).not.toHaveProperty('actor');
    });

    it.each([
      ['act that is a string', { act: 'shoppingbasket' }],
      ['act that is an array', { act: [{ sub: 'shoppingbasket' }] }],
      ['act.sub that is a number', { act: { sub: 42 } }],
      ['client_id that is an object', { client_id: { id: 'web' } }],
    ])('C3: 401 invalid_token for %s', async (_name, claims) => {
      expect(answerOf(await get('/plain/principal', `Bearer ${await issuer.mint(claims)}`))).toEqual(
        invalidToken(TOKEN_ERRORS.claimInvalid),
      );
    });
  });
});
