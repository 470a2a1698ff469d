import type { INestApplication } from '@nestjs/common';
import { findLeaks, LogLeakAudit } from '@baton/testing';
import request from 'supertest';
import { ADAPTERS, CollectingLogger, formatLogArgument } from './create-test-app.js';
import { boot, SCOPE, SECRET, startWorld, stopWorld, type World } from './on-behalf-of.app.test-helpers.js';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

describe.each(ADAPTERS)('on-behalf-of logs on %s', (adapter) => {
  let world: World;
  let app: INestApplication;
  const logger = new CollectingLogger();

  beforeAll(async () => {
    world = await startWorld();
    app = await boot(adapter, world, { logger });
  });

  afterAll(async () => {
    await app.close();
    await stopWorld(world);
  });

  it('O6: no token, Authorization header or client secret reaches the logs, even when every failure is logged whole', async () => {
    const captured: string[] = [];
    for (const method of CONSOLE_METHODS) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        captured.push(args.map(formatLogArgument).join(' '));
      });
    }
    const audit = LogLeakAudit.start();
    const inbound: string[] = [];
    const call = async (path: string, via: 'fetch' | 'axios', sub = 'alice') => {
      const token = await world.issuer.mint({ sub, scope: SCOPE });
      inbound.push(token);
      return request(app.getHttpServer()).get(`/basket/${path}${path.includes('?') ? '&' : '?'}via=${via}`).set('Authorization', `Bearer ${token}`);
    };

    const statuses: number[] = [];
    for (const via of ['fetch', 'axios'] as const) {
      statuses.push((await call('logged?path=/coupons', via)).status);
      statuses.push((await call('logged?path=/admin-only', via)).status);
      statuses.push((await call('logged?path=/always-expired', via)).status);
      statuses.push((await call('logged?path=/reset', via)).status);
      statuses.push((await call('logged?path=/missing', via)).status);
      statuses.push((await call('forward?to=other&in=header', via)).status);
      statuses.push((await call('axios-error', via)).status);
      world.authority.refusedSubjects.add('mallory');
      statuses.push((await call('logged?path=/coupons', via, 'mallory')).status);
      world.authority.behaviour = { mode: 'fail', status: 500 };
      statuses.push((await call('logged?path=/coupons', via, `bob-${via}`)).status);
      world.authority.behaviour = { mode: 'serve' };
    }
    const report = audit.stop();

    // The failures did happen, and were logged: the audit is not vacuous.
    expect(statuses).toEqual([200, 502, 502, 503, 200, 500, 200, 401, 503, 200, 502, 502, 503, 200, 500, 200, 401, 503]);
    const logged = [...logger.lines, ...captured].join('\n');
    for (const name of ['AxiosError', 'DownstreamForbiddenError', 'DownstreamTokenRejectedError', 'DownstreamUnavailableError', 'InvalidTokenError', 'TemporarilyUnavailableError']) {
      expect(logged).toContain(name);
    }

    const exchanged = world.discount.hits.flatMap((hit) => (hit.authorization === undefined ? [] : [hit.authorization.slice('Bearer '.length)]));
    expect(exchanged.length).toBeGreaterThan(0);
    expect(report.leaks).toEqual([]);
    expect(findLeaks(logged, [SECRET])).toEqual([]);
    for (const token of [...inbound, ...exchanged, SECRET]) expect(logged).not.toContain(token);
  });
});
