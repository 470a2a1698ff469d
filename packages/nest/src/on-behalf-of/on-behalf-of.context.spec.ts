import { inspect } from 'node:util';
import type { Principal } from '@baton/core';
import { OnBehalfOfContext } from './on-behalf-of.context.js';

const principal = { subject: 'alice', claims: { sub: 'alice' } } as unknown as Principal;
const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('OnBehalfOfContext', () => {
  it('gives the credentials to everything the function starts, and nothing outside it', async () => {
    const context = new OnBehalfOfContext();
    expect(context.current()).toBeUndefined();
    const seen = await context.run({ token: TOKEN, principal }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return context.current();
    });
    expect(seen?.token).toBe(TOKEN);
    expect(seen?.principal).toBe(principal);
    expect(context.current()).toBeUndefined();
  });

  it('O2: keeps concurrent runs apart', async () => {
    const context = new OnBehalfOfContext();
    const users = ['alice', 'bob', 'carol'];
    const seen = await Promise.all(
      users.map((subject, index) =>
        context.run({ token: `token-${subject}`, principal: { subject } as Principal }, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5 - index));
          return `${context.current()?.principal.subject}:${context.current()?.token}`;
        }),
      ),
    );
    expect(seen).toEqual(['alice:token-alice', 'bob:token-bob', 'carol:token-carol']);
  });

  it('O6: the stored credentials do not show the token when inspected or serialised (Node prints async-context stores of promises)', async () => {
    const context = new OnBehalfOfContext();
    const { store, pending } = context.run({ token: TOKEN, principal }, () => ({ store: context.current()!, pending: new Promise(() => undefined) }));
    expect(store.token).toBe(TOKEN);
    for (const text of [inspect(store, { depth: 10, showHidden: true }), JSON.stringify(store), inspect(pending, { depth: 10 })]) {
      expect(text).not.toContain(TOKEN);
    }
    expect(inspect(pending, { depth: 10 })).toContain('alice');
    expect(Object.isFrozen(store)).toBe(true);
  });

  it('keeps two contexts apart', () => {
    const first = new OnBehalfOfContext();
    const second = new OnBehalfOfContext();
    first.run({ token: TOKEN, principal }, () => expect(second.current()).toBeUndefined());
  });
});
