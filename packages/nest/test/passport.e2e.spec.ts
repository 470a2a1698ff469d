import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { TestIssuer } from '@baton/testing';
import request from 'supertest';
import { Principal, Public, RequireScope } from '../src/index.js';
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

interface RequestWithUser {
  user?: Principal;
}

@Controller('passport')
class PassportController {
  /** @Public() takes the app guards out, so only passport authenticates this route. */
  @Get() @Public() @UseGuards(AuthGuard('jwt')) whoAmI(@Req() req: RequestWithUser, @Principal() principal: Principal | undefined) {
    return {
      subject: req.user?.subject,
      clientId: req.user?.clientId,
      scopesIsSet: req.user?.scopes instanceof Set,
      scopes: [...(req.user?.scopes ?? [])],
      sameAsPrincipal: req.user !== undefined && req.user === principal,
    };
  }

  /** The app guards and passport on the same route. */
  @Get('scoped') @UseGuards(AuthGuard('jwt')) @RequireScope('read') scoped(@Req() req: RequestWithUser) {
    return { subject: req.user?.subject };
  }
}

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await TestIssuer.start({ audience: AUDIENCE });
});

afterAll(async () => {
  await issuer.close();
});

describe.each(ADAPTERS)("AuthGuard('jwt') on %s", (adapter) => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({ adapter, controllers: [PassportController], auth: authOptionsFor(issuer) });
  });

  afterAll(async () => {
    await app?.close();
  });

  const get = (path: string, authorization?: string) => {
    const call = request(app.getHttpServer()).get(path);
    return authorization === undefined ? call : call.set('Authorization', authorization);
  };

  it("C2: AuthGuard('jwt') accepts a valid token and sets req.user to the verified principal", async () => {
    const response = await get('/passport', `Bearer ${await issuer.mint({ sub: 'user-7', client_id: 'web', scope: 'read write' })}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ subject: 'user-7', clientId: 'web', scopesIsSet: true, scopes: ['read', 'write'], sameAsPrincipal: true });
  });

  it("Z1: AuthGuard('jwt') without a token → 401 with a bare Bearer challenge", async () => {
    expect(answerOf(await get('/passport'))).toEqual(NO_TOKEN);
    expect(answerOf(await get('/passport', 'Basic dXNlcjpwYXNz'))).toEqual(NO_TOKEN);
  });

  it("Z2: AuthGuard('jwt') with a malformed Authorization header → 400 invalid_request", async () => {
    expect(answerOf(await get('/passport', 'Bearer a b'))).toEqual(invalidRequest(REQUEST_ERRORS.malformedAuthorization));
  });

  it("Z3: AuthGuard('jwt') with a token in the header and the query → 400 invalid_request", async () => {
    const token = await issuer.mint();
    expect(answerOf(await get(`/passport?access_token=${token}`, `Bearer ${token}`))).toEqual(invalidRequest(REQUEST_ERRORS.multipleTokens));
  });

  it("Z3: AuthGuard('jwt') with two Authorization headers → 400 invalid_request", async () => {
    const token = await issuer.mint();
    const response = await rawGet(app, '/passport', { Authorization: [`Bearer ${token}`, `Bearer ${token}`] });
    expect(response.status).toBe(400);
    expect(response.headers['www-authenticate']).toBe(`Bearer error="invalid_request", error_description="${REQUEST_ERRORS.multipleTokens}"`);
  });

  it.each([
    ['C4', 'an expired token', { exp: Math.floor(Date.now() / 1000) - 60 }, {}, TOKEN_ERRORS.expired],
    ['C2', 'a token for shoppingbasket', { aud: 'shoppingbasket' }, {}, TOKEN_ERRORS.audience],
    ['C1', 'an ID token (typ JWT)', {}, { header: { typ: 'JWT' } }, TOKEN_ERRORS.notAccessToken],
    ['P1', 'alg none', {}, { header: { alg: 'none' }, signature: 'none' as const }, TOKEN_ERRORS.malformed],
  ])("%s: AuthGuard('jwt') refuses %s with the same 401 invalid_token as the app guard", async (_id, _name, claims, options, description) => {
    const token = await issuer.mint(claims, options);
    const response = await get('/passport', `Bearer ${token}`);
    expect(answerOf(response)).toEqual(invalidToken(description));
    expect(response.text).not.toContain(token);
  });

  it("Z4: AuthGuard('jwt') next to the app guards: scopes still apply, req.user is set", async () => {
    expect((await get('/passport/scoped', `Bearer ${await issuer.mint({ sub: 'user-8', scope: 'read' })}`)).body).toEqual({ subject: 'user-8' });
    expect(answerOf(await get('/passport/scoped', `Bearer ${await issuer.mint({ scope: 'readonly' })}`))).toEqual(insufficientScope('read'));
  });

  describe('with the JWKS down on a cold start', () => {
    let failing: TestIssuer;
    let coldApp: INestApplication;

    beforeAll(async () => {
      failing = await TestIssuer.start({ audience: AUDIENCE });
      failing.setJwksBehaviour({ mode: 'fail', status: 500 });
      coldApp = await createTestApp({
        adapter,
        controllers: [PassportController],
        auth: authOptionsFor(failing, { jwks: { timeout: 200, failureBackoff: 100 } }),
      });
    });

    afterAll(async () => {
      await coldApp?.close();
      await failing?.close();
    });

    it("K3: AuthGuard('jwt') answers 503 with Retry-After, not 401", async () => {
      const response = await request(coldApp.getHttpServer()).get('/passport').set('Authorization', `Bearer ${await failing.mint()}`);
      expect(answerOf(response)).toEqual({
        status: 503,
        wwwAuthenticate: undefined,
        retryAfter: expect.stringMatching(/^[1-9][0-9]*$/) as unknown,
        cacheControl: 'no-store',
        body: { error: 'temporarily_unavailable', error_description: 'The authorization server is temporarily unavailable' },
      });
    });
  });
});
