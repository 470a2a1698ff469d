import { Controller, Delete, Get, Post } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from '@baton/testing';
import request from 'supertest';
import { Public, RequireAnyScope, RequireScope } from '../src/index.js';
import { ADAPTERS, answerOf, authOptionsFor, AUDIENCE, createTestApp, NO_TOKEN } from './create-test-app.js';

@Controller('things')
class ThingsController {
  @Get() list() {
    return [];
  }

  @Post() create() {
    return {};
  }

  // Before ':id', so that express does not route /things/health to it.
  @Get('health') @Public() health() {
    return { status: 'ok' };
  }

  @Get(':id') @RequireScope('things.read') one() {
    return {};
  }
}

@Controller()
class RootController {
  @Get() index() {
    return {};
  }
}

@Controller('secured')
@RequireScope('secured.read')
class SecuredController {
  @Get() list() {
    return [];
  }

  @Delete(':id') @RequireAnyScope('secured.admin', 'secured.owner') remove() {
    return {};
  }
}

@Controller('open')
@Public()
class OpenController {
  @Get() index() {
    return { open: true };
  }
}

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await TestIssuer.start({ audience: AUDIENCE });
});

afterAll(async () => {
  await issuer.close();
});

describe.each(ADAPTERS)('strict mode on %s', (adapter) => {
  it('Z5: refuses to start when routes have neither @RequireScope nor @Public(), listing each as METHOD /path → Controller.method', async () => {
    const started = createTestApp({
      adapter,
      controllers: [ThingsController, RootController, SecuredController, OpenController],
      auth: authOptionsFor(issuer, { strict: true }),
    });
    await expect(started).rejects.toThrow(
      new Error(
        'AuthModule strict mode: 3 route(s) have neither @RequireScope nor @Public(). Decorate each one (or its controller):\n' +
          '  - GET /things → ThingsController.list\n' +
          '  - POST /things → ThingsController.create\n' +
          '  - GET / → RootController.index',
      ),
    );
  });

  it('Z5: the error names only the undecorated routes', async () => {
    const error = await createTestApp({
      adapter,
      controllers: [ThingsController, SecuredController, OpenController],
      auth: authOptionsFor(issuer, { strict: true }),
    }).then(
      async (app) => {
        await app.close();
        return undefined;
      },
      (reason: unknown) => reason as Error,
    );
    expect(error?.message).toContain('2 route(s)');
    expect(error?.message).not.toMatch(/\.one|health|Secured|Open/);
  });

  describe('with every route decorated', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createTestApp({ adapter, controllers: [SecuredController, OpenController], auth: authOptionsFor(issuer, { strict: true }) });
    });

    afterAll(async () => {
      await app?.close();
    });

    it('Z5: starts, and class-level @RequireScope and @Public() count as decorated', async () => {
      const token = await issuer.mint({ scope: 'secured.read' });
      expect((await request(app.getHttpServer()).get('/secured').set('Authorization', `Bearer ${token}`)).status).toBe(200);
      expect((await request(app.getHttpServer()).get('/open')).body).toEqual({ open: true });
    });

    it('Z5: still refuses requests without a token on the scoped routes', async () => {
      expect(answerOf(await request(app.getHttpServer()).get('/secured'))).toEqual(NO_TOKEN);
      expect(answerOf(await request(app.getHttpServer()).delete('/secured/1'))).toEqual(NO_TOKEN);
    });
  });

  it('Z5: without strict mode the same undecorated routes start, and stay protected', async () => {
    const app = await createTestApp({ adapter, controllers: [ThingsController, RootController], auth: authOptionsFor(issuer) });
    try {
      expect(answerOf(await request(app.getHttpServer()).get('/things'))).toEqual(NO_TOKEN);
      expect(answerOf(await request(app.getHttpServer()).get('/'))).toEqual(NO_TOKEN);
      expect((await request(app.getHttpServer()).get('/things/health')).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
