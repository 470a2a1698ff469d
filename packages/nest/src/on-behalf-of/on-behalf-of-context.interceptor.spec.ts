import { AsyncResource } from 'node:async_hooks';
import type { Principal } from '@baton/core';
import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { defer, lastValueFrom, type Observable } from 'rxjs';
import type { AuthModuleOptions } from '../auth-module-options.js';
import { OnBehalfOfContextInterceptor } from './on-behalf-of-context.interceptor.js';
import { OnBehalfOfContext, type InboundCredentials } from './on-behalf-of.context.js';

const principal = { subject: 'alice' } as Principal;
const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln';

function httpContext(request: Record<string, unknown>, type = 'http'): ExecutionContext {
  return { getType: () => type, switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

/**
 * Runs the interceptor around a handler that reports the credentials it sees. Like Nest's, the
 * handler's async scope is bound when `handle()` is called, and it runs when subscribed.
 */
async function seenBy(interceptor: OnBehalfOfContextInterceptor, context: OnBehalfOfContext, execution: ExecutionContext): Promise<InboundCredentials | undefined> {
  const handler: CallHandler = {
    handle: () => {
      const scope = new AsyncResource('handler');
      return defer(() => scope.runInAsyncScope(async () => context.current()));
    },
  };
  return lastValueFrom(interceptor.intercept(execution, handler) as Observable<InboundCredentials | undefined>);
}

describe('OnBehalfOfContextInterceptor', () => {
  const setup = (authOptions?: AuthModuleOptions) => {
    const context = new OnBehalfOfContext();
    return { context, interceptor: new OnBehalfOfContextInterceptor(context, authOptions) };
  };

  it('runs the handler with the verified principal and the bearer token the guard read', async () => {
    const { context, interceptor } = setup();
    const seen = await seenBy(interceptor, context, httpContext({ user: principal, headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(seen?.token).toBe(TOKEN);
    expect(seen?.principal).toBe(principal);
  });

  it('reads the token from fastify requests (rawHeaders on raw) alike', async () => {
    const { context, interceptor } = setup();
    const request = { user: principal, headers: { authorization: `Bearer ${TOKEN}` }, raw: { rawHeaders: ['authorization', `Bearer ${TOKEN}`] } };
    expect((await seenBy(interceptor, context, httpContext(request)))?.token).toBe(TOKEN);
  });

  it.each([
    ['no principal (a @Public route), even with a bearer token', { headers: { authorization: `Bearer ${TOKEN}` } }],
    ['a principal without a bearer token (set by a session)', { user: principal, headers: {} }],
    ['a principal with a Basic header', { user: principal, headers: { authorization: 'Basic YTpi' } }],
  ])('gives no credentials for %s, and does not fail the request', async (_name, request) => {
    const { context, interceptor } = setup();
    await expect(seenBy(interceptor, context, httpContext(request))).resolves.toBeUndefined();
  });

  it('gives no credentials outside HTTP (rpc, ws)', async () => {
    const { context, interceptor } = setup();
    const request = { user: principal, headers: { authorization: `Bearer ${TOKEN}` } };
    await expect(seenBy(interceptor, context, httpContext(request, 'rpc'))).resolves.toBeUndefined();
  });

  it("follows AuthModule's token locations: a query token only when allowQueryToken is on", async () => {
    const request = { user: principal, headers: {}, query: { access_token: TOKEN } };
    const strict = setup({ issuer: 'https://auth.example.com', audience: 'x' });
    await expect(seenBy(strict.interceptor, strict.context, httpContext(request))).resolves.toBeUndefined();
    const lenient = setup({ issuer: 'https://auth.example.com', audience: 'x', allowQueryToken: true });
    expect((await seenBy(lenient.interceptor, lenient.context, httpContext(request)))?.token).toBe(TOKEN);
  });
});
