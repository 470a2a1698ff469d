import * as oidc from 'openid-client';
import { CookieJar } from './cookie-jar.js';
import type { PasswordSignInOptions, PasswordSignInTokens } from './password-sign-in-options.js';
import { SignInFlowError } from './sign-in-flow.error.js';
import { SignInRefusedError } from './sign-in-refused.error.js';

const MAX_STEPS = 12;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const LOGIN_FORM = /<form method="post" action="([^"]+\/login)"/;

/**
 * Signs a user in at an authority of this demo the way a person with a browser would:
 * authorization code + PKCE (openid-client 6 builds the request and redeems the code, checking
 * state and nonce), following the redirects with a cookie jar and filling in the real login
 * form. For tests and the partner scenario; a real application sends the person's browser.
 *
 * @example
 * ```ts
 * const tokens = await signInWithPassword({
 *   issuer: authority.issuer, client: authority.clients.web, redirectUri: 'http://localhost:3000/auth/callback',
 *   username: 'alice', password: 'alice-demo', scope: 'openid shoppingbasket.fullaccess',
 *   resources: ['urn:globoticket:shoppingbasket'], tokenResource: 'urn:globoticket:shoppingbasket',
 * });
 * ```
 */
export async function signInWithPassword(options: PasswordSignInOptions): Promise<PasswordSignInTokens> {
  const issuer = new URL(options.issuer);
  const insecure = options.allowInsecureHttp ?? (issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname));
  const configuration = await oidc.discovery(issuer, options.client.id, undefined, oidc.ClientSecretBasic(options.client.secret), {
    execute: insecure ? [oidc.allowInsecureRequests] : [],
  });
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const parameters = new URLSearchParams({
    redirect_uri: options.redirectUri,
    response_type: 'code',
    scope: options.scope,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    prompt: options.prompt ?? 'login consent',
  });
  for (const resource of options.resources ?? []) parameters.append('resource', resource);

  const jar = new CookieJar();
  let request: { url: URL; body?: URLSearchParams } = { url: oidc.buildAuthorizationUrl(configuration, parameters) };
  let postedCredentials = false;
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const response = await fetch(request.url, {
      method: request.body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { ...jar.header(), ...(request.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(request.body ? { body: request.body } : {}),
    });
    jar.store(response);
    const where = `${request.body ? 'POST' : 'GET'} ${request.url.pathname}`;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, request.url);
      if (next.href.startsWith(options.redirectUri)) {
        const tokens = await oidc.authorizationCodeGrant(
          configuration,
          next,
          { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce },
          options.tokenResource ? { resource: options.tokenResource } : undefined,
        );
        return {
          accessToken: tokens.access_token,
          ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
          ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
          ...(tokens.expires_in !== undefined ? { expiresIn: tokens.expires_in } : {}),
          ...(tokens.scope ? { scope: tokens.scope } : {}),
        };
      }
      request = { url: next };
      continue;
    }
    const page = await response.text();
    if (response.status === 401 && postedCredentials) throw new SignInRefusedError();
    const form = response.status === 200 ? LOGIN_FORM.exec(page) : null;
    if (!form?.[1] || postedCredentials) throw new SignInFlowError(`${where} answered ${response.status}`);
    postedCredentials = true;
    request = { url: new URL(form[1], request.url), body: new URLSearchParams({ username: options.username, password: options.password }) };
  }
  throw new SignInFlowError(`more than ${MAX_STEPS} steps`);
}
