import { TemporarilyUnavailableError } from '@baton/core';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ADAPTERS, createTestApp } from '../test/create-test-app.js';
import { DownstreamUnavailableError } from './on-behalf-of/downstream-unavailable.error.js';
import { Public } from './public.decorator.js';

/** Public routes that fail the way a key or downstream outage does, so no token is needed. */
@Controller('outage')
class OutageController {
  @Public() @Get('keys') keys(): never {
    throw new TemporarilyUnavailableError(7, { code: 'ERR_KEYS_UNAVAILABLE' });
  }

  @Public() @Get('downstream') downstream(): never {
    throw new DownstreamUnavailableError('ERR_DOWNSTREAM_CIRCUIT_OPEN', 'discount', 20);
  }
}

describe.each(ADAPTERS)('BatonExceptionFilter Retry-After over HTTP (%s)', (adapter) => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({ adapter, auth: { issuer: 'https://auth.example.com', audience: 'eventcatalog' }, controllers: [OutageController] });
  });

  afterAll(async () => {
    await app.close();
  });

  it('K3: keys unavailable → 503, Retry-After: 7, no challenge', async () => {
    const response = await request(app.getHttpServer()).get('/outage/keys');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.headers['www-authenticate']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ error: 'temporarily_unavailable', error_description: 'The authorization server is temporarily unavailable' });
  });

  it('O5: downstream circuit open → 503, Retry-After: 20, no challenge', async () => {
    const response = await request(app.getHttpServer()).get('/outage/downstream');
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('20');
    expect(response.headers['www-authenticate']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ error: 'temporarily_unavailable', error_description: 'A downstream service is temporarily unavailable' });
  });
});
