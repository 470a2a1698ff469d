import { BatonError, InsufficientScopeError, InvalidTokenError, MissingTokenError, TemporarilyUnavailableError } from '@baton/core';
import type { HttpAdapterHost } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { BatonExceptionFilter } from './baton-exception.filter.js';
import { DownstreamUnavailableError } from './on-behalf-of/downstream-unavailable.error.js';

/** A user's own 503 whose wait may be unknown, as a third-party error class would be. */
class MaintenanceError extends BatonError {
  readonly code = 'ERR_MAINTENANCE';
  readonly status = 503;
  readonly error = 'temporarily_unavailable';
  constructor(readonly retryAfter: number | undefined) {
    super('The service is under maintenance');
  }
  override wwwAuthenticate(): undefined {
    return undefined;
  }
}

function filterWith(realm?: string) {
  const headers = new Map<string, string>();
  const replies: Array<{ body: unknown; status: number | undefined }> = [];
  const httpAdapter = {
    setHeader: (_response: unknown, name: string, value: string) => headers.set(name, value),
    reply: (_response: unknown, body: unknown, status?: number) => replies.push({ body, status }),
  };
  const filter = new BatonExceptionFilter({ httpAdapter } as unknown as HttpAdapterHost, { issuer: 'https://auth.example.com', audience: 'eventcatalog', realm });
  return { filter, headers, replies };
}

const httpHost = () => new ExecutionContextHost([{}, {}]);

describe('BatonExceptionFilter', () => {
  it('Z1: no token → 401, bare Bearer challenge, no-store, {}', () => {
    const { filter, headers, replies } = filterWith();
    filter.catch(new MissingTokenError(), httpHost());
    expect(Object.fromEntries(headers)).toEqual({ 'WWW-Authenticate': 'Bearer', 'Cache-Control': 'no-store' });
    expect(replies).toEqual([{ body: {}, status: 401 }]);
  });

  it('C4: invalid token → 401 with error and fixed description', () => {
    const { filter, headers, replies } = filterWith('eventcatalog');
    filter.catch(new InvalidTokenError('ERR_TOKEN_EXPIRED'), httpHost());
    expect(headers.get('WWW-Authenticate')).toBe('Bearer realm="eventcatalog", error="invalid_token", error_description="The access token expired"');
    expect(replies).toEqual([{ body: { error: 'invalid_token', error_description: 'The access token expired' }, status: 401 }]);
  });

  it('Z4: insufficient scope → 403 naming the scopes', () => {
    const { filter, headers, replies } = filterWith();
    filter.catch(new InsufficientScopeError(['read', 'write']), httpHost());
    expect(headers.get('WWW-Authenticate')).toBe('Bearer error="insufficient_scope", error_description="The access token lacks a required scope", scope="read write"');
    expect(replies[0]?.status).toBe(403);
  });

  it('K3: keys unavailable → 503 with Retry-After and no challenge', () => {
    const { filter, headers, replies } = filterWith('eventcatalog');
    filter.catch(new TemporarilyUnavailableError(7), httpHost());
    expect(Object.fromEntries(headers)).toEqual({ 'Retry-After': '7', 'Cache-Control': 'no-store' });
    expect(replies).toEqual([{ body: { error: 'temporarily_unavailable', error_description: 'The authorization server is temporarily unavailable' }, status: 503 }]);
  });

  it('O5: downstream unavailable → 503 with its own Retry-After and no challenge', () => {
    const { filter, headers, replies } = filterWith('eventcatalog');
    filter.catch(new DownstreamUnavailableError('ERR_DOWNSTREAM_CIRCUIT_OPEN', 'discount', 20), httpHost());
    expect(Object.fromEntries(headers)).toEqual({ 'Retry-After': '20', 'Cache-Control': 'no-store' });
    expect(replies).toEqual([{ body: { error: 'temporarily_unavailable', error_description: 'A downstream service is temporarily unavailable' }, status: 503 }]);
  });

  it('any BatonError with a numeric retryAfter sends Retry-After, rounded up to whole seconds', () => {
    const { filter, headers } = filterWith();
    filter.catch(new MaintenanceError(2.5), httpHost());
    expect(headers.get('Retry-After')).toBe('3');
  });

  it.each([
    ['undefined', undefined],
    ['negative', -1],
    ['not finite', Number.POSITIVE_INFINITY],
    ['NaN', Number.NaN],
  ])('a retryAfter that is %s sends no Retry-After', (_name, retryAfter) => {
    const { filter, headers, replies } = filterWith();
    filter.catch(new MaintenanceError(retryAfter), httpHost());
    expect(Object.fromEntries(headers)).toEqual({ 'Cache-Control': 'no-store' });
    expect(replies).toEqual([{ body: { error: 'temporarily_unavailable', error_description: 'The service is under maintenance' }, status: 503 }]);
  });

  it('errors without retryAfter (401, 403, 502) send no Retry-After', () => {
    const { filter, headers } = filterWith();
    filter.catch(new InvalidTokenError('ERR_TOKEN_EXPIRED'), httpHost());
    expect(headers.has('Retry-After')).toBe(false);
  });

  it('Z5: outside HTTP (rpc, ws) the error is rethrown, not answered as HTTP', () => {
    const { filter, replies } = filterWith();
    const host = httpHost();
    host.setType('rpc');
    const error = new MissingTokenError();
    expect(() => filter.catch(error, host)).toThrow(error);
    expect(replies).toEqual([]);
  });
});
