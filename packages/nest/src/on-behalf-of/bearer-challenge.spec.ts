import { bearerChallenge } from './bearer-challenge.js';

describe('bearerChallenge', () => {
  it.each([
    ['a bare challenge', 'Bearer', {}],
    ['invalid_token with a description', 'Bearer error="invalid_token", error_description="The access token expired"', { error: 'invalid_token', error_description: 'The access token expired' }],
    ['insufficient_scope with scopes', 'Bearer realm="discount", error="insufficient_scope", scope="discount.read discount.write"', { realm: 'discount', error: 'insufficient_scope', scope: 'discount.read discount.write' }],
    ['an unquoted value', 'Bearer error=invalid_token', { error: 'invalid_token' }],
    ['the scheme in another case, params in upper case', 'bEaReR ERROR="invalid_token"', { error: 'invalid_token' }],
    ['escaped quotes', 'Bearer error_description="say \\"no\\"", error="invalid_token"', { error_description: 'say "no"', error: 'invalid_token' }],
    ['a DPoP challenge first', 'DPoP algs="ES256 PS256", error="use_dpop_nonce", Bearer error="invalid_token"', { error: 'invalid_token' }],
    ['a Basic challenge after it', 'Bearer error="insufficient_scope", scope="a", Basic realm="x"', { error: 'insufficient_scope', scope: 'a' }],
    ['a token68 challenge first', 'Negotiate YIIB==, Bearer error="invalid_token"', { error: 'invalid_token' }],
    ['a comma inside a quoted value', 'Bearer error_description="a, Basic b", error="invalid_token"', { error_description: 'a, Basic b', error: 'invalid_token' }],
  ])('reads %s', (_name, header, params) => {
    expect(bearerChallenge(header)).toEqual(params);
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['only another scheme', 'Basic realm="x"'],
    ['"Bearer" inside a quoted value of another scheme', 'DPoP error_description="Bearer error=invalid_token"'],
    ['garbage', '"""'],
  ])('finds no Bearer challenge in %s', (_name, header) => {
    expect(bearerChallenge(header)).toBeUndefined();
  });
});
