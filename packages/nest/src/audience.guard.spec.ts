import { AccessTokenVerifier, InvalidRequestError, MissingTokenError, type Principal } from '@baton/core';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { AudienceGuard, bearerSources } from './audience.guard.js';
import { Public } from './public.decorator.js';
import { RouteAuthPolicyCache } from './route-auth-policy.js';

class EventsController {
  list() {}

  @Public() health() {}
}

const principal = { subject: 'user-1' } as Principal;

function guardWith(
  verify: (token: string) => Promise<Principal>,
  options = {},
  verifyFromCache: (token: string) => Principal | undefined = () => undefined,
): AudienceGuard {
  const verifier = { verify, verifyFromCache } as unknown as AccessTokenVerifier;
  return new AudienceGuard(verifier, new RouteAuthPolicyCache(new Reflector()), { issuer: 'https://auth.example.com', audience: 'eventcatalog', ...options });
}

function contextFor(handler: object, request: Record<string, unknown>): ExecutionContextHost {
  return new ExecutionContextHost([request, {}], EventsController, handler as never);
}

/** An express-shaped request: Node's message with rawHeaders, and a query getter that parses req.url on each read. */
interface ExpressLikeRequest extends Record<string, unknown> {
  headers: Record<string, string>;
  queryReads: number;
}

function expressRequest(url: string, headers: Record<string, string>): ExpressLikeRequest {
  const request = {
    url,
    headers,
    rawHeaders: Object.entries(headers).flat(),
    body: undefined,
    queryReads: 0,
    get query(): Record<string, string> {
      request.queryReads += 1;
      return Object.fromEntries(new URL(url, 'http://localhost').searchParams);
    },
  };
  return request;
}

describe('bearerSources', () => {
  it('Z3: an express request with a query string is used as it is', () => {
    const request = { url: '/events?page=2', headers: { authorization: 'Bearer a' }, rawHeaders: ['Authorization', 'Bearer a'], query: {} };
    expect(bearerSources(request)).toBe(request);
  });

  it('Z3: an express request without a query string is read without touching its query getter', () => {
    const request = expressRequest('/events', { authorization: 'Bearer a' });

    expect(bearerSources(request)).toEqual({ headers: request['headers'], rawHeaders: request['rawHeaders'], body: undefined });
    expect(request.queryReads).toBe(0);
  });

  it("Z3: a fastify request lends Node's rawHeaders from request.raw, so repeated headers are seen", () => {
    const rawHeaders = ['Authorization', 'Bearer a', 'Authorization', 'Bearer b'];
    const request = { headers: { authorization: 'Bearer a' }, query: { q: '1' }, body: undefined, raw: { rawHeaders } };
    expect(bearerSources(request)).toEqual({ headers: request.headers, query: request.query, body: undefined, rawHeaders });
  });
});

describe('AudienceGuard', () => {
  it('Z5: verifies the bearer token and attaches the principal to req.user', async () => {
    const verify = jest.fn(async () => principal);
    const request: Record<string, unknown> = { headers: { authorization: 'Bearer abc.def.ghi' } };
    await expect(guardWith(verify).canActivate(contextFor(EventsController.prototype.list, request))).resolves.toBe(true);
    expect(verify).toHaveBeenCalledWith('abc.def.ghi');
    expect(request['user']).toBe(principal);
  });

  it('Z5: does not look at the request of a @Public() route', () => {
    const verify = jest.fn(async () => principal);
    const request: Record<string, unknown> = { headers: { authorization: 'Bearer abc.def.ghi' } };
    expect(guardWith(verify).canActivate(contextFor(EventsController.prototype.health, request))).toBe(true);
    expect(verify).not.toHaveBeenCalled();
    expect(request['user']).toBeUndefined();
  });

  it('Z1: no token is a MissingTokenError, and the verifier is not called', async () => {
    const verify = jest.fn(async () => principal);
    await expect(guardWith(verify).canActivate(contextFor(EventsController.prototype.list, { headers: {} }))).rejects.toThrow(MissingTokenError);
    expect(verify).not.toHaveBeenCalled();
  });

  it('Z3: a fastify-shaped request with two Authorization headers is refused before verification', async () => {
    const verify = jest.fn(async () => principal);
    const request = { headers: { authorization: 'Bearer a' }, raw: { rawHeaders: ['Authorization', 'Bearer a', 'authorization', 'Bearer b'] } };
    await expect(guardWith(verify).canActivate(contextFor(EventsController.prototype.list, request))).rejects.toThrow(InvalidRequestError);
    expect(verify).not.toHaveBeenCalled();
  });

  it('Z3: query tokens follow allowQueryToken', async () => {
    const verify = jest.fn(async () => principal);
    const request = () => ({ headers: {}, query: { access_token: 'abc.def.ghi' } });
    await expect(guardWith(verify).canActivate(contextFor(EventsController.prototype.list, request()))).rejects.toThrow(MissingTokenError);
    await expect(guardWith(verify, { allowQueryToken: true }).canActivate(contextFor(EventsController.prototype.list, request()))).resolves.toBe(true);
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it('Z5: a token the verifier has cached is let through synchronously, without verify()', () => {
    const verify = jest.fn(async () => principal);
    const verifyFromCache = jest.fn(() => principal);
    const request: Record<string, unknown> = { headers: { authorization: 'Bearer abc.def.ghi' } };

    expect(guardWith(verify, {}, verifyFromCache).canActivate(contextFor(EventsController.prototype.list, request))).toBe(true);
    expect(verifyFromCache).toHaveBeenCalledWith('abc.def.ghi');
    expect(verify).not.toHaveBeenCalled();
    expect(request['user']).toBe(principal);
  });

  it('Z1: a refusal is a rejected promise, never a synchronous throw', async () => {
    const verify = jest.fn(async () => principal);
    let outcome: boolean | Promise<boolean> | undefined;

    expect(() => {
      outcome = guardWith(verify).canActivate(contextFor(EventsController.prototype.list, { headers: { authorization: 'Basic dTpw' } }));
    }).not.toThrow();
    await expect(outcome).rejects.toThrow(MissingTokenError);
  });

  it.each([
    ['default options', {}],
    ['allowQueryToken: true', { allowQueryToken: true }],
  ])('Z3: an express request with a header token and ?access_token= is refused (%s)', async (_name, options) => {
    const verify = jest.fn(async () => principal);
    const request = expressRequest('/events?access_token=abc.def.ghi', { authorization: 'Bearer abc.def.ghi' });

    await expect(guardWith(verify, options).canActivate(contextFor(EventsController.prototype.list, request))).rejects.toThrow(InvalidRequestError);
    expect(request.queryReads).toBe(1);
    expect(verify).not.toHaveBeenCalled();
  });

  it('Z3: an express request with only ?access_token= follows allowQueryToken', async () => {
    const verify = jest.fn(async () => principal);
    const request = (): ExpressLikeRequest => expressRequest('/events?access_token=abc.def.ghi', {});

    await expect(guardWith(verify).canActivate(contextFor(EventsController.prototype.list, request()))).rejects.toThrow(MissingTokenError);
    await expect(guardWith(verify, { allowQueryToken: true }).canActivate(contextFor(EventsController.prototype.list, request()))).resolves.toBe(true);
    expect(verify).toHaveBeenCalledWith('abc.def.ghi');
  });
});
