import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebConfig } from '../config/web-config.js';
import { ApiCaller } from './api.caller.js';

describe('ApiCaller', () => {
  let server: Server;
  let baseUrl: string;
  let seen: IncomingMessage & { body?: string };

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen = Object.assign(request, { body });
        if (request.url === '/refuse') {
          response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"', 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: 'invalid_token' }));
        } else if (request.url === '/text') {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end('oops');
        } else if (request.url === '/slow') {
          setTimeout(() => response.end('{}'), 1000);
        } else if (request.url === '/empty') {
          response.writeHead(204);
          response.end();
        } else {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ ok: true }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function caller(requestTimeoutMs = 5000): ApiCaller {
    return new ApiCaller({ eventcatalogUrl: baseUrl, shoppingbasketUrl: baseUrl, discountUrl: 'http://127.0.0.1:1', requestTimeoutMs } as WebConfig);
  }

  it('sends the bearer token and a JSON body, and parses a JSON answer', async () => {
    const answer = await caller().call('shoppingbasket', { method: 'POST', path: '/basket/lines', accessToken: 'token-value', body: { eventId: '1' } });
    expect(answer).toEqual({ status: 200, body: { ok: true } });
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/basket/lines');
    expect(seen.headers.authorization).toBe('Bearer token-value');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.body).toBe('{"eventId":"1"}');
  });

  it('returns a refusal as it came: status, WWW-Authenticate and body', async () => {
    await expect(caller().call('eventcatalog', { method: 'GET', path: '/refuse', accessToken: 't' })).resolves.toEqual({
      status: 401,
      wwwAuthenticate: 'Bearer error="invalid_token"',
      body: { error: 'invalid_token' },
    });
  });

  it('keeps a body that is not JSON as text, and an empty one as undefined', async () => {
    await expect(caller().call('eventcatalog', { method: 'GET', path: '/text', accessToken: 't' })).resolves.toEqual({ status: 500, body: 'oops' });
    await expect(caller().call('eventcatalog', { method: 'GET', path: '/empty', accessToken: 't' })).resolves.toEqual({ status: 204, body: undefined });
  });

  it('answers status 0 when the API does not answer in time or cannot be reached', async () => {
    const started = Date.now();
    await expect(caller(100).call('eventcatalog', { method: 'GET', path: '/slow', accessToken: 't' })).resolves.toEqual({ status: 0, body: undefined });
    expect(Date.now() - started).toBeLessThan(900);
    await expect(caller().call('discount', { method: 'GET', path: '/coupons/mine', accessToken: 't' })).resolves.toEqual({ status: 0, body: undefined });
  });
});
