import { InsufficientScopeError, InvalidTokenError, MissingTokenError, TemporarilyUnavailableError } from '@baton/core';
import type { HttpAdapterHost } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { BatonExceptionFilter } from './baton-exception.filter.js';

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

  it('Z5: outside HTTP (rpc, ws) the error is rethrown, not answered as HTTP', () => {
    const { filter, replies } = filterWith();
    const host = httpHost();
    host.setType('rpc');
    const error = new MissingTokenError();
    expect(() => filter.catch(error, host)).toThrow(error);
    expect(replies).toEqual([]);
  });
});
