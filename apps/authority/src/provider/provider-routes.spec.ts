import { isProviderPath } from './provider-routes.js';

describe('isProviderPath', () => {
  it.each(['/.well-known/openid-configuration', '/jwks', '/token', '/token/revocation', '/auth', '/auth/abc123', '/session/end', '/session/end/confirm', '/me'])('sends %s to oidc-provider', (path) => {
    expect(isProviderPath(path)).toBe(true);
  });

  it.each(['/', '/health', '/interaction/abc', '/interaction/abc/login', '/tokens', '/authx', '/jwks.json', '/me2'])('leaves %s to Nest', (path) => {
    expect(isProviderPath(path)).toBe(false);
  });
});
