import { Controller, Get, UseGuards } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { tamperPayload, TestIssuer } from '@baton/testing';
import request from 'supertest';
import { Public, RequireScope } from '../src/index.js';
import { ADAPTERS, AUDIENCE, CollectingLogger, createTestApp, formatLogArgument, rawGet } from './create-test-app.js';

@Controller('events')
class EventsController {
  @Get() @RequireScope('eventcatalog.read') list() {
    return [];
  }

  @Get('passport') @Public() @UseGuards(AuthGuard('jwt')) viaPassport() {
    return {};
  }
}

const STREAMS = ['stdout', 'stderr'] as const;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

describe.each(ADAPTERS)('logs on %s', (adapter) => {
  let issuer: TestIssuer;
  /** A second trusted issuer whose JWKS is down: its tokens get the 503 path. */
  let down: TestIssuer;

  beforeAll(async () => {
    [issuer, down] = await Promise.all([TestIssuer.start({ audience: AUDIENCE }), TestIssuer.start({ audience: AUDIENCE })]);
    down.setJwksBehaviour({ mode: 'fail', status: 500 });
  });

  afterAll(async () => {
    await Promise.all([issuer.close(), down.close()]);
  });

  it('O6: no token and no Authorization header value reaches the logs, whatever fails', async () => {
    const logger = new CollectingLogger();
    const captured: string[] = [];
    for (const method of CONSOLE_METHODS) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured.push(args.map(formatLogArgument).join(' '));
      });
    }
    for (const stream of STREAMS) {
      const write = process[stream].write.bind(process[stream]);
      jest.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
        captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (write as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean)(chunk, ...rest);
      });
    }

    const app = await createTestApp({
      adapter,
      controllers: [EventsController],
      logger,
      auth: {
        issuer: [
          { issuer: issuer.issuer, jwksUri: issuer.jwksUri },
          { issuer: down.issuer, jwksUri: down.jwksUri },
        ],
        audience: AUDIENCE,
        algorithms: ['ES256'],
        jwks: { timeout: 200, failureBackoff: 100 },
      },
    });
    const now = Math.floor(Date.now() / 1000);
    const valid = await issuer.mint({ scope: 'eventcatalog.read' });
    const tokens = [
      valid,
      await issuer.mint({ scope: 'eventcatalog.read', exp: now - 60 }),
      await issuer.mint({ scope: 'eventcatalog.read', aud: 'shoppingbasket' }),
      await issuer.mint({ scope: 'profile' }),
      await issuer.mint({ scope: 'eventcatalog.read' }, { header: { alg: 'none' }, signature: 'none' }),
      await issuer.mint({ scope: 'eventcatalog.read' }, { header: { typ: 'JWT' } }),
      await issuer.mint({ scope: 'eventcatalog.read' }, { header: { kid: 'unknown' } }),
      await issuer.mint({ scope: 'eventcatalog.read', exp: 'soon' }),
      tamperPayload(await issuer.mint({ scope: 'profile' }), (claims) => ({ ...claims, scope: 'eventcatalog.read' })),
      await down.mint({ scope: 'eventcatalog.read' }),
    ];
    const server = app.getHttpServer() as Parameters<typeof request>[0];
    try {
      const statuses: number[] = [];
      for (const token of tokens) {
        for (const path of ['/events', '/events/passport']) {
          statuses.push((await request(server).get(path).set('Authorization', `Bearer ${token}`)).status);
          statuses.push((await request(server).get(`${path}?access_token=${token}`).set('Authorization', `Bearer ${token}`)).status);
          statuses.push((await request(server).get(`${path}?access_token=${token}`)).status);
          statuses.push((await rawGet(app, path, { Authorization: [`Bearer ${token}`, `bearer ${token}`] })).status);
        }
      }
      statuses.push((await request(server).get('/events').set('Authorization', `Bearer ${valid} trailing`)).status);
      // The requests did fail in all the ways intended, and none with a 5xx other than the 503.
      expect(new Set(statuses)).toEqual(new Set([200, 400, 401, 403, 503]));
    } finally {
      await app.close();
    }

    const everything = [...logger.lines, ...captured];
    // The logger was wired: Nest reported the routes it mapped.
    expect(logger.lines.some((line) => line.includes('Mapped {/events, GET} route'))).toBe(true);
    for (const line of everything) {
      expect(line).not.toContain('Bearer ey');
      expect(line).not.toContain('bearer ey');
      expect(line).not.toContain('eyJ');
      for (const token of tokens) {
        for (const segment of token.split('.')) if (segment.length >= 16) expect(line).not.toContain(segment);
      }
    }
  });
});
