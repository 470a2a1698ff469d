import { All, Controller, Get, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AuthModule } from '../auth.module.js';
import { Public } from '../public.decorator.js';
import { RequireAnyScope, RequireScope } from '../require-scope.decorator.js';
import { applyScopeSecurity } from './apply-scope-security.js';

@Controller('events')
class EventsController {
  @Get() @RequireScope('eventcatalog.read') list() {
    return [];
  }

  @Get(':id') @RequireAnyScope('eventcatalog.read', 'eventcatalog.write') get() {
    return {};
  }

  @Post() @RequireScope('eventcatalog.write') create() {
    return {};
  }

  @Get('open') @Public() open() {
    return {};
  }
}

@Controller('admin')
@RequireScope('admin')
class AdminController {
  @Post('reindex') @RequireScope('eventcatalog.write') reindex() {
    return {};
  }

  @All('anything') anything() {
    return {};
  }
}

@Controller('health')
@Public()
class HealthController {
  @Get() health() {
    return { status: 'ok' };
  }
}

/** An unguarded route, possible without strict mode: a token is needed, no scope. */
@Controller('plain')
class PlainController {
  @Get() plain() {
    return {};
  }
}

const config = () =>
  new DocumentBuilder()
    .setTitle('test')
    .addOAuth2({ type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'http://127.0.0.1:1/token', scopes: { admin: 'Administration' } } } }, 'oauth2')
    .build();

describe('applyScopeSecurity', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      // The issuer is never contacted: no request is made in this spec.
      imports: [AuthModule.forRoot({ issuer: 'http://127.0.0.1:1', audience: 'eventcatalog' })],
      controllers: [EventsController, AdminController, HealthController, PlainController],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  const documentOf = (options?: Parameters<typeof SwaggerModule.createDocument>[2]): OpenAPIObject => SwaggerModule.createDocument(app, config(), options);

  it('Z4: each operation lists the scopes its handler requires', () => {
    const document = applyScopeSecurity(documentOf(), app);
    expect(document.paths['/events']?.get?.security).toEqual([{ oauth2: ['eventcatalog.read'] }]);
    expect(document.paths['/events']?.post?.security).toEqual([{ oauth2: ['eventcatalog.write'] }]);
    expect(document.paths['/events/{id}']?.get?.security).toEqual([{ oauth2: ['eventcatalog.read'] }, { oauth2: ['eventcatalog.write'] }]);
  });

  it('Z4: controller and handler requirements add up, as the scope guard enforces them', () => {
    const document = applyScopeSecurity(documentOf(), app);
    expect(document.paths['/admin/reindex']?.post?.security).toEqual([{ oauth2: ['admin', 'eventcatalog.write'] }]);
    // @All() becomes one operation per method, each with the controller's requirement.
    expect(document.paths['/admin/anything']?.get?.security).toEqual([{ oauth2: ['admin'] }]);
    expect(document.paths['/admin/anything']?.delete?.security).toEqual([{ oauth2: ['admin'] }]);
  });

  it('Z5: public routes need no credentials; unscoped protected ones still need a token', () => {
    const document = applyScopeSecurity(documentOf(), app);
    expect(document.paths['/events/open']?.get?.security).toEqual([]);
    expect(document.paths['/health']?.get?.security).toEqual([]);
    expect(document.paths['/plain']?.get?.security).toEqual([{ oauth2: [] }]);
  });

  it('lists every required scope in the OAuth flow, keeping descriptions already given', () => {
    const document = applyScopeSecurity(documentOf(), app);
    const scheme = document.components?.securitySchemes?.oauth2 as { flows: { clientCredentials: { scopes: Record<string, string> } } };
    expect(scheme.flows.clientCredentials.scopes).toEqual({
      admin: 'Administration',
      'eventcatalog.read': 'Required by GET /events, GET /events/{id}',
      'eventcatalog.write': 'Required by POST /events, GET /events/{id}, POST /admin/reindex',
    });
  });

  it('matches operations through a custom operationIdFactory when given the same one', () => {
    const operationIdFactory = (controllerKey: string, methodKey: string) => `${controllerKey.replace('Controller', '')}.${methodKey}`;
    const document = applyScopeSecurity(documentOf({ operationIdFactory }), app, { operationIdFactory });
    expect(document.paths['/events']?.get?.operationId).toBe('Events.list');
    expect(document.paths['/events']?.get?.security).toEqual([{ oauth2: ['eventcatalog.read'] }]);
  });

  it('fails closed: an operation that matches no handler is a TypeError, not an open-looking operation', () => {
    const operationIdFactory = (controllerKey: string, methodKey: string) => `op-${controllerKey}-${methodKey}`;
    expect(() => applyScopeSecurity(documentOf({ operationIdFactory }), app)).toThrow(
      /^applyScopeSecurity: operation GET \/events \(operationId "op-EventsController-list"\) matches no controller handler\. If SwaggerModule\.createDocument was given an operationIdFactory, pass the same function as options\.operationIdFactory\.$/,
    );
  });

  it('refuses a document without the security scheme, naming the fix', () => {
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('test').build());
    expect(() => applyScopeSecurity(document, app)).toThrow(
      new TypeError(
        'applyScopeSecurity: the document declares no security scheme "oauth2". ' +
          "Add one with new DocumentBuilder().addOAuth2({ ... }, 'oauth2'), or set options.schemeName to the scheme you declared.",
      ),
    );
  });

  it('uses the scheme name given', () => {
    const named = new DocumentBuilder()
      .setTitle('test')
      .addOAuth2({ type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'http://127.0.0.1:1/token', scopes: {} } } }, 'globoticket')
      .build();
    const document = applyScopeSecurity(SwaggerModule.createDocument(app, named), app, { schemeName: 'globoticket' });
    expect(document.paths['/events']?.get?.security).toEqual([{ globoticket: ['eventcatalog.read'] }]);
  });
});
