import { InvalidTokenError } from '../errors/invalid-token.error.js';
import { TokenExchangeFailedError, type TokenExchangeFailure } from '../errors/token-exchange-failed.error.js';
import { mockClock, startExchangeFixture, type ExchangeFixture } from './exchange.test-helpers.js';
import type { StubReply } from './stub-token-endpoint.test-helpers.js';

const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';

let fx: ExchangeFixture;
beforeEach(async () => {
  fx = await startExchangeFixture();
});
afterEach(async () => {
  await fx.close();
});

/** Answers every token request with the default success, `overrides` merged in. */
function answerWith(overrides: Record<string, unknown>): void {
  fx.stub.respondWith((request) => fx.stub.issue(request, overrides));
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('a successful answer', () => {
  it('becomes a frozen ObtainedToken with Bearer, the granted scopes, the issued type and an end in epoch seconds', async () => {
    const clock = mockClock();
    const token = await fx.source().tokenFor({ audience: 'discount', scope: ['discount.read', 'discount.write'] }, await fx.subject('alice', 3600));

    expect(token).toEqual({
      accessToken: expect.stringMatching(/^ey[\w-]+\.[\w-]+\.[\w-]+$/),
      tokenType: 'Bearer',
      expiresAt: Math.floor(clock.now / 1000) + 300,
      scope: ['discount.read', 'discount.write'],
      issuedTokenType: ACCESS_TOKEN,
    });
    expect(Object.isFrozen(token)).toBe(true);
    expect(Object.isFrozen(token.scope)).toBe(true);
  });

  it('takes the scopes asked for when the answer names none (RFC 6749 §5.1), and the answer\'s when it narrows them', async () => {
    answerWith({ scope: undefined });
    const asked = await fx.source().tokenFor({ audience: 'discount', scope: ['b', 'a'] }, await fx.subject('alice'));
    answerWith({ scope: 'a' });
    const narrowed = await fx.source().tokenFor({ audience: 'discount', scope: ['b', 'a'] }, await fx.subject('alice'));

    expect(asked.scope).toEqual(['a', 'b']);
    expect(narrowed.scope).toEqual(['a']);
  });

  it('accepts token_type N_A when another token type was asked for and issued (RFC 8693 §2.2.1)', async () => {
    answerWith({ token_type: 'N_A', issued_token_type: ID_TOKEN });
    const token = await fx.source({ requestedTokenType: ID_TOKEN }).tokenFor({ audience: 'discount' }, await fx.subject('alice'));

    expect(token).toMatchObject({ tokenType: 'N_A', issuedTokenType: ID_TOKEN });
  });
});

describe('O2: the token never outlives the subject token', () => {
  it('caps expiresAt at the subject token\'s exp when the authority grants longer', async () => {
    const clock = mockClock();
    const subject = await fx.subject('alice', 100);
    answerWith({ expires_in: 3600 });

    const token = await fx.source().tokenFor({ audience: 'discount' }, subject);

    expect(token.expiresAt).toBe(Math.floor(clock.now / 1000) + 100);
  });

  it('caps expiresAt at the issued token\'s own exp when it ends before expires_in says', async () => {
    const clock = mockClock();
    answerWith({ access_token: await fx.issuer.mint({ sub: 'alice' }, { expiresIn: 50 }), expires_in: 300 });

    const token = await fx.source().tokenFor({ audience: 'discount' }, await fx.subject('alice'));

    expect(token.expiresAt).toBe(Math.floor(clock.now / 1000) + 50);
  });

  it('uses expires_in alone for an opaque (non-JWT) subject token: there is no exp to read', async () => {
    const clock = mockClock();
    answerWith({ expires_in: 120 });

    const token = await fx.source().tokenFor({ audience: 'discount' }, 'opaque-subject-token-0123456789');

    expect(token.expiresAt).toBe(Math.floor(clock.now / 1000) + 120);
  });

  it('uses the issued JWT\'s exp when the answer has no expires_in', async () => {
    const clock = mockClock();
    answerWith({ access_token: await fx.issuer.mint({ sub: 'alice' }, { expiresIn: 200 }), expires_in: undefined });

    const token = await fx.source().tokenFor({ audience: 'discount' }, await fx.subject('alice'));

    expect(token.expiresAt).toBe(Math.floor(clock.now / 1000) + 200);
  });
});

describe('an unusable answer is refused (ERR_EXCHANGE_INVALID_RESPONSE, 502)', () => {
  const cases: ReadonlyArray<readonly [string, StubReply | Record<string, unknown>]> = [
    ['no access_token', { access_token: undefined }],
    ['an access_token that is not a string', { access_token: 42 }],
    ['an empty access_token', { access_token: '' }],
    ['an access_token with CR LF (header injection)', { access_token: 'abc\r\nX-Evil: 1' }],
    ['an access_token with a space', { access_token: 'abc def' }],
    ['no token_type', { token_type: undefined }],
    ['token_type DPoP (no proof of possession here)', { token_type: 'DPoP' }],
    ['token_type mac', { token_type: 'mac' }],
    ['token_type N_A for an access token', { token_type: 'N_A' }],
    ['no issued_token_type for an RFC 8693 exchange', { issued_token_type: undefined }],
    ['an issued_token_type that is not a string', { issued_token_type: ['x'] }],
    ['no expires_in and an opaque token (no end at all)', { access_token: 'opaque-issued', expires_in: undefined }],
    ['a negative expires_in', { expires_in: -5 }],
    ['expires_in 0', { expires_in: 0 }],
    ['a non-numeric expires_in', { expires_in: 'soon' }],
    ['a scope that is not a string', { scope: ['discount.read'] }],
    ['a body that is not JSON', { text: 'access_token=abc' } as StubReply],
    ['a JSON body that is not an object', { text: '"token"', headers: { 'content-type': 'application/json' } } as StubReply],
  ];

  it.each(cases)('%s', async (_name, reply) => {
    if ('text' in reply) fx.stub.respondWith(() => reply as StubReply);
    else answerWith(reply);

    const error = await failure(fx.source().tokenFor({ audience: 'discount' }, await fx.subject('alice')));

    expect(error).toBeInstanceOf(TokenExchangeFailedError);
    expect(error).toMatchObject({ code: 'ERR_EXCHANGE_INVALID_RESPONSE', status: 502, error: 'server_error' });
    expect((error as TokenExchangeFailedError).wwwAuthenticate()).toBeUndefined();
  });

  it('a refused answer is not cached: the next call asks again', async () => {
    answerWith({ token_type: 'DPoP' });
    const source = fx.source();
    const subject = await fx.subject('alice');
    await failure(source.tokenFor({ audience: 'discount' }, subject));
    fx.stub.respondNormally();

    await expect(source.tokenFor({ audience: 'discount' }, subject)).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(fx.stub.requests).toHaveLength(2);
  });
});

describe('O4: the authority refusing the subject token is a 401 invalid_token', () => {
  it.each([
    ['invalid_grant', 400],
    ['invalid_request', 400],
    ['invalid_token', 400],
    ['interaction_required', 400],
    ['consent_required', 400],
  ])('%s → InvalidTokenError ERR_TOKEN_EXCHANGE_REFUSED', async (oauthError, status) => {
    fx.stub.respondWith(() => ({ status, json: { error: oauthError, error_description: 'subject_token is expired' } }));

    const error = await failure(fx.source().tokenFor({ audience: 'discount' }, await fx.subject('alice')));

    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ code: 'ERR_TOKEN_EXCHANGE_REFUSED', status: 401, error: 'invalid_token' });
    expect((error as InvalidTokenError).wwwAuthenticate()).toBe(
      'Bearer error="invalid_token", error_description="The authorization server refused to exchange the access token"',
    );
  });

  it('Entra ID: invalid_grant to an on-behalf-of request is the same 401', async () => {
    fx.stub.respondWith(() => ({ status: 400, json: { error: 'invalid_grant', error_description: 'AADSTS50013: Assertion failed signature validation.' } }));

    const error = await failure(fx.source({ dialect: 'entra-obo' }).tokenFor({ scope: ['api://discount/.default'] }, await fx.subject('alice')));

    expect(error).toMatchObject({ name: 'InvalidTokenError', code: 'ERR_TOKEN_EXCHANGE_REFUSED', status: 401 });
  });

  it('a refusal is not cached and is not retried', async () => {
    fx.stub.respondWith(() => ({ status: 400, json: { error: 'invalid_grant' } }));
    const source = fx.source({ retries: 2 });
    const subject = await fx.subject('alice');

    await failure(source.tokenFor({ audience: 'discount' }, subject));
    await failure(source.tokenFor({ audience: 'discount' }, subject));

    expect(fx.stub.requests).toHaveLength(2);
  });

  it('without a subject token (client credentials), invalid_grant is this service\'s problem: 502, not 401', async () => {
    fx.stub.respondWith(() => ({ status: 400, json: { error: 'invalid_grant' } }));

    const error = await failure(fx.source().tokenFor({ audience: 'discount' }));

    expect(error).toMatchObject({ name: 'TokenExchangeFailedError', code: 'ERR_EXCHANGE_FAILED', status: 502, oauthError: 'invalid_grant' });
  });
});

describe('the authority refusing this client or its target is a 502 TokenExchangeFailedError', () => {
  const cases: ReadonlyArray<readonly [string, number, TokenExchangeFailure]> = [
    ['invalid_client', 400, 'ERR_EXCHANGE_INVALID_CLIENT'],
    ['invalid_client', 401, 'ERR_EXCHANGE_INVALID_CLIENT'],
    ['unauthorized_client', 400, 'ERR_EXCHANGE_UNAUTHORIZED_CLIENT'],
    ['invalid_target', 400, 'ERR_EXCHANGE_INVALID_TARGET'],
    ['invalid_scope', 400, 'ERR_EXCHANGE_INVALID_SCOPE'],
    ['unsupported_grant_type', 400, 'ERR_EXCHANGE_UNSUPPORTED_GRANT_TYPE'],
    ['unsupported_token_type', 400, 'ERR_EXCHANGE_UNSUPPORTED_TOKEN_TYPE'],
    ['access_denied', 403, 'ERR_EXCHANGE_FAILED'],
  ];

  it.each(cases)('%s (%i) → %s', async (oauthError, status, code) => {
    fx.stub.respondWith(() => ({ status, json: { error: oauthError } }));

    const error = await failure(fx.source().tokenFor({ audience: 'discount' }, await fx.subject('alice')));

    expect(error).toBeInstanceOf(TokenExchangeFailedError);
    expect(error).toMatchObject({ code, status: 502, error: 'server_error', oauthError, authorityStatus: status });
    expect((error as TokenExchangeFailedError).wwwAuthenticate()).toBeUndefined();
    expect((error as TokenExchangeFailedError).toResponseBody()).toEqual({
      error: 'server_error',
      error_description: 'The service could not obtain a token for a downstream service',
    });
  });

  it('a 401 with a Basic challenge (wrong secret, RFC 6749 §5.2) → ERR_EXCHANGE_INVALID_CLIENT', async () => {
    fx.stub.respondWith(() => ({ status: 401, json: { error: 'invalid_client' }, headers: { 'www-authenticate': 'Basic realm="token"' } }));

    const error = await failure(fx.source().tokenFor({ audience: 'discount' }, await fx.subject('alice')));

    expect(error).toMatchObject({ code: 'ERR_EXCHANGE_INVALID_CLIENT', status: 502, authorityStatus: 401 });
  });

  it('a 401 with no JSON body → ERR_EXCHANGE_INVALID_CLIENT', async () => {
    fx.stub.respondWith(() => ({ status: 401, text: 'Unauthorized' }));

    expect(await failure(fx.source().tokenFor({ audience: 'discount' }, await fx.subject('alice')))).toMatchObject({ code: 'ERR_EXCHANGE_INVALID_CLIENT', authorityStatus: 401 });
  });

  it('a 404 page → ERR_EXCHANGE_INVALID_RESPONSE', async () => {
    fx.stub.respondWith(() => ({ status: 404, text: 'Not Found' }));

    expect(await failure(fx.source().tokenFor({ audience: 'discount' }, await fx.subject('alice')))).toMatchObject({ code: 'ERR_EXCHANGE_INVALID_RESPONSE', authorityStatus: 404 });
  });

  it.each([
    ['a quote and CR LF', 'invalid"client\r\n'],
    ['a 100-character code', 'x'.repeat(100)],
  ])('an OAuth error code with %s is not kept (oauthError undefined)', async (_name, oauthError) => {
    fx.stub.respondWith(() => ({ status: 400, json: { error: oauthError } }));

    const error = await failure(fx.source().tokenFor({ audience: 'discount' }, await fx.subject('alice')));

    expect(error).toMatchObject({ code: 'ERR_EXCHANGE_FAILED', oauthError: undefined, authorityStatus: 400 });
  });
});
