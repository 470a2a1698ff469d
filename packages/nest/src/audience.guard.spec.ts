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

function guardWith(verify: (token: string) => Promise<Principal>, options = {}): AudienceGuard {
  const verifier = { verify } as unknown as AccessTokenVerifier;
  return new AudienceGuard(verifier, new RouteAuthPolicyCache(new Reflector()), { issuer: 'https://auth.example.com', audience: 'eventcatalog', ...options });
}

function contextFor(handler: object, request: Record<string, unknown>): ExecutionContextHost {
  return new ExecutionContextHost([request, {}], EventsController, handler as never);
}

describe('bearerSources', () => {
  it('Z3: an express request (which has rawHeaders) is used as it is', () => {
    const request = { headers: { authorization: 'Bearer a' }, rawHeaders: ['Authorization', 'Bearer a'], query: {} };
    expect(bearerSources(request)).toBe(request);
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

  it('Z5: does not look at the request of a @Public() route', async () => {
    const verify = jest.fn(async () => principal);
    const request: Record<string, unknown> = { headers: { authorization: 'Bearer abc.def.ghi' } };
    await expect(guardWith(verify).canActivate(contextFor(EventsController.prototype.health, request))).resolves.toBe(true);
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
});
