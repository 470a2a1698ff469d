import { BatonError } from './baton-error.js';
import { TemporarilyUnavailableError, type TemporarilyUnavailableReason } from './temporarily-unavailable.error.js';
import { TokenExchangeFailedError, type TokenExchangeFailure } from './token-exchange-failed.error.js';

describe('TokenExchangeFailedError', () => {
  const codes: TokenExchangeFailure[] = [
    'ERR_EXCHANGE_INVALID_CLIENT',
    'ERR_EXCHANGE_UNAUTHORIZED_CLIENT',
    'ERR_EXCHANGE_INVALID_TARGET',
    'ERR_EXCHANGE_INVALID_SCOPE',
    'ERR_EXCHANGE_UNSUPPORTED_GRANT_TYPE',
    'ERR_EXCHANGE_UNSUPPORTED_TOKEN_TYPE',
    'ERR_EXCHANGE_INVALID_RESPONSE',
    'ERR_EXCHANGE_METADATA',
    'ERR_EXCHANGE_FAILED',
  ];

  it.each(codes)('%s is a 502 server_error with a fixed description and no challenge', (code) => {
    const error = new TokenExchangeFailedError(code, { oauthError: 'invalid_target', authorityStatus: 400 });

    expect(error).toBeInstanceOf(BatonError);
    expect(error).toMatchObject({ name: 'TokenExchangeFailedError', code, status: 502, error: 'server_error', oauthError: 'invalid_target', authorityStatus: 400 });
    expect(error.message).toBe('The service could not obtain a token for a downstream service');
    expect(error.wwwAuthenticate()).toBeUndefined();
    expect(error.toResponseBody()).toEqual({ error: 'server_error', error_description: 'The service could not obtain a token for a downstream service' });
  });

  it.each([
    ['a quote', 'bad"code'],
    ['CR LF', 'bad\r\ncode'],
    ['a backslash', 'bad\\code'],
    ['a non-string', 42],
    ['more than 64 characters', 'x'.repeat(65)],
    ['an empty string', ''],
  ])('O6: an OAuth error code with %s is not kept', (_name, oauthError) => {
    expect(new TokenExchangeFailedError('ERR_EXCHANGE_FAILED', { oauthError }).oauthError).toBeUndefined();
  });

  it('keeps a cause when given, and has none otherwise', () => {
    const cause = new Error('The token endpoint answered 400 invalid_target');
    expect(new TokenExchangeFailedError('ERR_EXCHANGE_INVALID_TARGET', { cause }).cause).toBe(cause);
    expect('cause' in new TokenExchangeFailedError('ERR_EXCHANGE_INVALID_TARGET')).toBe(false);
  });
});

describe('TemporarilyUnavailableError reasons', () => {
  const reasons: TemporarilyUnavailableReason[] = ['ERR_EXCHANGE_UNAVAILABLE', 'ERR_EXCHANGE_TIMEOUT', 'ERR_EXCHANGE_RATE_LIMITED', 'ERR_EXCHANGE_CIRCUIT_OPEN'];

  it.each(reasons)('O5: %s is a 503 with Retry-After seconds and the same fixed description', (code) => {
    const error = new TemporarilyUnavailableError(9, { code });

    expect(error).toMatchObject({ code, status: 503, error: 'temporarily_unavailable', retryAfter: 9 });
    expect(error.wwwAuthenticate()).toBeUndefined();
    expect(error.toResponseBody()).toEqual({ error: 'temporarily_unavailable', error_description: 'The authorization server is temporarily unavailable' });
  });

  it('K3: keeps ERR_KEYS_UNAVAILABLE as the default code', () => {
    expect(new TemporarilyUnavailableError(1).code).toBe('ERR_KEYS_UNAVAILABLE');
  });
});
