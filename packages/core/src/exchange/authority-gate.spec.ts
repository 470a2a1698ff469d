import { setImmediate as nextTurn } from 'node:timers/promises';
import { runInThisContext } from 'node:vm';
import { startExchangeFixture, type ExchangeFixture } from './exchange.test-helpers.js';

let fx: ExchangeFixture;
beforeEach(async () => {
  fx = await startExchangeFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('AuthorityGate under concurrent exchanges', () => {
  it('O3: 50 concurrent exchanges (distinct users) raise no MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    // Jest's `process` is a copy: Node emits its warnings on the real one, reached from the main context.
    const nodeProcess = runInThisContext('process') as NodeJS.Process;
    nodeProcess.on('warning', onWarning);
    try {
      // Every exchange is still in flight when the last one starts: their timeouts overlap.
      fx.stub.respondWith((_request, index) => ({
        delayMs: 100,
        json: { access_token: `issued-${index}`, token_type: 'Bearer', expires_in: 300, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' },
      }));
      const source = fx.source({ retries: 2, timeoutMs: 5_000 });
      const subjects = await Promise.all(Array.from({ length: 50 }, (_, i) => fx.subject(`user-${i}`)));

      const tokens = await Promise.all(subjects.map((subject) => source.tokenFor({ audience: 'discount' }, subject)));

      expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(50);
      expect(fx.stub.requests).toHaveLength(50);
      // Node emits the warning on a later turn of the event loop.
      await nextTurn();
      await nextTurn();
      expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
    } finally {
      nodeProcess.off('warning', onWarning);
    }
  });
});
