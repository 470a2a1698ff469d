import { claimsOfToken } from './claims-of-token.js';
import { pickTrailClaims } from './pick-trail-claims.js';

function unsignedJwt(payload: unknown): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'ES256', typ: 'at+jwt' })}.${part(payload)}.c2lnbmF0dXJl`;
}

describe('trail claims', () => {
  it('keeps aud, scope, sub, exp, act and drops everything else', () => {
    const claims = pickTrailClaims({
      iss: 'http://localhost:4000',
      sub: 'alice',
      aud: 'discount',
      scope: 'discount.fullaccess',
      client_id: 'shoppingbasket',
      act: { sub: 'shoppingbasket', extra: 'x', act: { sub: 'web' } },
      iat: 1700000000,
      exp: 1700000300,
      jti: 'abc',
      email: 'alice@example.com',
      token: 'eyJhbGciOi.should-never.be-kept',
    });
    expect(claims).toEqual({
      iss: 'http://localhost:4000',
      sub: 'alice',
      aud: 'discount',
      scope: 'discount.fullaccess',
      client_id: 'shoppingbasket',
      act: { sub: 'shoppingbasket', act: { sub: 'web' } },
      iat: 1700000000,
      exp: 1700000300,
    });
  });

  it('drops claims of the wrong JSON type', () => {
    expect(pickTrailClaims({ sub: 7, aud: [1, 'x'], exp: '1', scope: ['a'], act: 'shoppingbasket' })).toEqual({});
    expect(pickTrailClaims({ aud: ['shoppingbasket', 'eventcatalog'] })).toEqual({ aud: ['shoppingbasket', 'eventcatalog'] });
  });

  it('gives no claims for anything that is not an object', () => {
    for (const value of [null, 'alice', 3, ['sub']]) expect(pickTrailClaims(value)).toEqual({});
  });

  it('reads the claims of a JWT access token and nothing of a malformed one', () => {
    expect(claimsOfToken(unsignedJwt({ sub: 'bob', aud: 'shoppingbasket', exp: 5, nonce: 'n' }))).toEqual({ sub: 'bob', aud: 'shoppingbasket', exp: 5 });
    expect(claimsOfToken('opaque-token')).toEqual({});
    expect(claimsOfToken('a.!!!.c')).toEqual({});
    expect(claimsOfToken(`x.${Buffer.from('[1]').toString('base64url')}.y`)).toEqual({});
  });
});
