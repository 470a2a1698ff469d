import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { AccessTokenVerifier } from '@baton/core';
import { TestIssuer } from '@baton/testing';
import request from 'supertest';
import { AuthModule, RequireScope, type AuthModuleOptions } from '../src/index.js';
import {
  ADAPTERS,
  answerOf,
  authOptionsFor,
  AUDIENCE,
  createTestApp,
  insufficientScope,
  invalidToken,
  NO_TOKEN,
  refusal,
  TOKEN_ERRORS,
} from './create-test-app.js';

@Controller('events')
class EventsController {
  constructor(private readonly verifier: AccessTokenVerifier) {}

  @Get() list() {
    return [{ id: 1 }];
  }

  @Get('admin') @RequireScope('eventcatalog.admin') admin() {
    return { admin: true };
  }

  @Get('verifier') verifierIsShared() {
    return { injected: this.verifier instanceof AccessTokenVerifier };
  }
}

/** What a configuration module would provide, e.g. read from the environment. */
class AuthSettings {
  constructor(
    readonly issuer: string,
    readonly jwksUri: string,
    readonly audience: string,
  ) {}
}

@Module({})
class SettingsModule {
  static register(settings: AuthSettings): DynamicModule {
    return { module: SettingsModule, providers: [{ provide: AuthSettings, useValue: settings }], exports: [AuthSettings] };
  }
}

function fromSettings(issuer: TestIssuer, build: (settings: AuthSettings) => AuthModuleOptions | Promise<AuthModuleOptions>): DynamicModule {
  return AuthModule.forRootAsync({
    imports: [SettingsModule.register(new AuthSettings(issuer.issuer, issuer.jwksUri, AUDIENCE))],
    inject: [AuthSettings],
    useFactory: build,
  });
}

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await TestIssuer.start({ audience: AUDIENCE });
});

afterAll(async () => {
  await issuer.close();
});

describe.each(ADAPTERS)('AuthModule on %s', (adapter) => {
  describe('forRootAsync with useFactory and inject', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createTestApp({
        adapter,
        controllers: [EventsController],
        authModule: fromSettings(issuer, async (settings) => ({
          issuer: { issuer: settings.issuer, jwksUri: settings.jwksUri },
          audience: settings.audience,
          algorithms: ['ES256'],
        })),
      });
    });

    afterAll(async () => {
      await app?.close();
    });

    const get = (path: string, token?: string) => {
      const call = request(app.getHttpServer()).get(path);
      return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
    };

    it('Z5: the configured app refuses requests without a token', async () => {
      expect(answerOf(await get('/events'))).toEqual(NO_TOKEN);
    });

    it('C2: it accepts a token for the audience the factory returned', async () => {
      const response = await get('/events', await issuer.mint());
      expect(response.status).toBe(200);
      expect(response.body).toEqual([{ id: 1 }]);
    });

    it('C2: it refuses a token for shoppingbasket, another audience', async () => {
      expect(answerOf(await get('/events', await issuer.mint({ aud: 'shoppingbasket' })))).toEqual(invalidToken(TOKEN_ERRORS.audience));
    });

    it('Z4: scope checks apply as with forRoot', async () => {
      expect(answerOf(await get('/events/admin', await issuer.mint({ scope: 'eventcatalog.read' })))).toEqual(
        insufficientScope('eventcatalog.admin'),
      );
    });

    it('C2: the module exports its AccessTokenVerifier for injection', async () => {
      expect((await get('/events/verifier', await issuer.mint())).body).toEqual({ injected: true });
    });
  });

  describe('realm', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createTestApp({
        adapter,
        controllers: [EventsController],
        auth: authOptionsFor(issuer, { realm: 'events "v2"\r\nSet-Cookie: x=y\\' }),
      });
    });

    afterAll(async () => {
      await app?.close();
    });

    it('Z6: the realm is sanitised into one quoted value and comes first in every challenge', async () => {
      const realm = 'realm="events v2Set-Cookie: x=y"';
      const none = await request(app.getHttpServer()).get('/events');
      expect(answerOf(none)).toEqual(refusal(401, `Bearer ${realm}`, {}));
      expect(none.headers['set-cookie']).toBeUndefined();
      const expired = await issuer.mint({ exp: Math.floor(Date.now() / 1000) - 60 });
      const refused = await request(app.getHttpServer()).get('/events').set('Authorization', `Bearer ${expired}`);
      expect(refused.headers['www-authenticate']).toBe(`Bearer ${realm}, error="invalid_token", error_description="${TOKEN_ERRORS.expired}"`);
    });
  });

  it('Z5: isGlobal: false still guards every route of the application', async () => {
    const app = await createTestApp({ adapter, controllers: [EventsController], authModule: AuthModule.forRoot({ ...authOptionsFor(issuer), isGlobal: false }) });
    try {
      expect(answerOf(await request(app.getHttpServer()).get('/events'))).toEqual(NO_TOKEN);
      expect((await request(app.getHttpServer()).get('/events').set('Authorization', `Bearer ${await issuer.mint()}`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('bad options stop the application at start-up with a TypeError naming the option', () => {
  const cases: Array<[id: string, name: string, change: (options: AuthModuleOptions) => Record<string, unknown>, fragment: string]> = [
    ['C2', 'an empty audience', (options) => ({ ...options, audience: '' }), '`audience` must be'],
    ['C2', 'a blank audience', (options) => ({ ...options, audience: '   ' }), '`audience` must be'],
    ['C2', 'an empty audience list', (options) => ({ ...options, audience: [] }), '`audience` must be'],
    ['C2', 'no audience', (options) => ({ ...options, audience: undefined }), '`audience` must be'],
    ['C2', 'an empty issuer', (options) => ({ ...options, issuer: '' }), '`issuer` must be a non-empty URL'],
    ['C2', 'an empty issuer list', (options) => ({ ...options, issuer: [] }), '`issuer` must name at least one trusted issuer'],
    ['C2', 'an http issuer on a non-localhost host', (options) => ({ ...options, issuer: 'http://auth.example.com' }), '`issuer` must use https'],
    ['P4', 'an http jwksUri on a non-localhost host', (options) => ({ ...options, issuer: { issuer: 'https://auth.example.com', jwksUri: 'http://auth.example.com/jwks' } }), '`issuer.jwksUri` must use https'],
    ['P2', 'HS256 in algorithms', (options) => ({ ...options, algorithms: ['ES256', 'HS256'] }), '`algorithms` contains "HS256"'],
    ['P1', 'none in algorithms', (options) => ({ ...options, algorithms: ['none'] }), '`algorithms` contains "none"'],
    ['P3', 'an empty algorithm list', (options) => ({ ...options, algorithms: [] }), '`algorithms` must be a non-empty list'],
    ['K2', 'a negative JWKS timeout', (options) => ({ ...options, jwks: { timeout: -1 } }), '`jwks.timeout` must be'],
    ['K1', 'an unknown jwks option', (options) => ({ ...options, jwks: { ttl: 1 } }), '`jwks.ttl` is not an option'],
  ];

  const expectTypeError = async (authModule: DynamicModule, fragment: string) => {
    const error = await createTestApp({ adapter: 'express', controllers: [EventsController], authModule }).then(
      async (app) => {
        await app.close();
        return undefined;
      },
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toContain(fragment);
  };

  it.each(cases)('%s: forRoot with %s', async (_id, _name, change, fragment) => {
    await expectTypeError(AuthModule.forRoot(change(authOptionsFor(issuer)) as unknown as AuthModuleOptions), fragment);
  });

  it.each(cases)('%s: forRootAsync with %s', async (_id, _name, change, fragment) => {
    await expectTypeError(fromSettings(issuer, () => change(authOptionsFor(issuer)) as unknown as AuthModuleOptions), fragment);
  });
});
