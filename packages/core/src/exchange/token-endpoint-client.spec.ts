import { AsyncLocalStorage } from 'node:async_hooks';
import { startExchangeFixture, type ExchangeFixture } from './exchange.test-helpers.js';

let fx: ExchangeFixture;
beforeEach(async () => {
  fx = await startExchangeFixture();
});
afterEach(async () => {
  await fx.close();
  jest.restoreAllMocks();
});

describe('TokenEndpointClient', () => {
  it('switches its AsyncLocalStorage off once no request to the authority is in flight (it taxes every promise while on)', async () => {
    const disable = jest.spyOn(AsyncLocalStorage.prototype, 'disable');
    fx.stub.respondWith((_request, index) => ({
      delayMs: 30,
      json: { access_token: `issued-${index}`, token_type: 'Bearer', expires_in: 300, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' },
    }));
    const source = fx.source();
    const subjects = await Promise.all(['alice', 'bob', 'carol'].map((name) => fx.subject(name)));

    const tokens = await Promise.all(subjects.map((subject) => source.tokenFor({ audience: 'discount' }, subject)));
    expect(tokens.map((token) => token.accessToken).sort()).toEqual(['issued-0', 'issued-1', 'issued-2']);
    expect(disable).toHaveBeenCalledTimes(1);

    await source.tokenFor({ audience: 'eventcatalog' }, subjects[0]);
    expect(disable).toHaveBeenCalledTimes(2);
  });
});
