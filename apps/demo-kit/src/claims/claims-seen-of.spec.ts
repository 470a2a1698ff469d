import type { Principal } from '@baton/core';
import { claimsSeenOf } from './claims-seen-of.js';

function principal(overrides: Partial<Principal>): Principal {
  return {
    subject: 'alice',
    clientId: 'shoppingbasket',
    scopes: new Set(['discount.fullaccess']),
    audience: ['discount'],
    issuer: 'http://localhost:4000',
    expiresAt: 1_900_000_000,
    tokenId: 'jti-1',
    actor: undefined,
    claims: { aud: 'discount', scope: 'discount.fullaccess', email: 'alice@example.com' },
    ...overrides,
  };
}

describe('claimsSeenOf', () => {
  it('keeps aud, sub, scope, client_id, act and exp, nothing else', () => {
    const seen = claimsSeenOf(
      principal({ actor: { subject: 'shoppingbasket', clientId: 'shoppingbasket', issuer: undefined, actor: { subject: 'web', clientId: undefined, issuer: undefined, actor: undefined } } }),
    );
    expect(seen).toEqual({
      aud: 'discount',
      sub: 'alice',
      scope: 'discount.fullaccess',
      client_id: 'shoppingbasket',
      act: { sub: 'shoppingbasket', client_id: 'shoppingbasket', act: { sub: 'web' } },
      exp: 1_900_000_000,
    });
  });

  it('keeps an audience list as a list and rebuilds scope from scp', () => {
    const seen = claimsSeenOf(
      principal({ audience: ['shoppingbasket', 'eventcatalog'], claims: { aud: ['shoppingbasket', 'eventcatalog'], scp: ['a', 'b'] }, scopes: new Set(['a', 'b']), subject: undefined, clientId: undefined }),
    );
    expect(seen).toEqual({ aud: ['shoppingbasket', 'eventcatalog'], scope: 'a b', exp: 1_900_000_000 });
  });
});
