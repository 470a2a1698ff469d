import type { ApiAnswer } from '../src/backends/api-answer.js';
import type { ApiName, ApiRequest } from '../src/backends/api.caller.js';
import type { ApiTokenRequest, WebConfig } from '../src/config/web-config.js';
import type { AuthorityTokens } from '../src/auth/authority-tokens.js';
import type { PendingSignIn } from '../src/auth/storefront-session.js';
import { SignInFailedError } from '../src/errors/sign-in-failed.error.js';
import { SignInRequiredError } from '../src/errors/sign-in-required.error.js';

export const AUTHORITY = 'http://localhost:4999';

export const TEST_CONFIG: WebConfig = {
  webUrl: 'http://localhost:3999',
  authorityUrl: AUTHORITY,
  eventcatalogUrl: 'http://localhost:4991',
  shoppingbasketUrl: 'http://localhost:4992',
  discountUrl: 'http://localhost:4993',
  clientId: 'web',
  clientSecret: 'test-client-secret-not-real',
  sessionSecret: 'a-session-secret-of-at-least-32-characters',
  signInScope: 'openid offline_access eventcatalog.read shoppingbasket.fullaccess',
  apis: {
    eventcatalog: { resource: 'urn:test:eventcatalog', scope: 'eventcatalog.read' },
    shoppingbasket: { resource: 'urn:test:shoppingbasket', scope: 'shoppingbasket.fullaccess' },
  },
  allowInsecureHttp: true,
};

/** An access token shaped like the authority's (the storefront only reads its claims; the APIs verify). */
export function fakeAccessToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })}.${part(claims)}.${Buffer.from(`signature-${Math.random()}`).toString('base64url')}`;
}

const AUDIENCES: Record<string, { aud: string; scope: string }> = {
  'urn:test:eventcatalog': { aud: 'eventcatalog', scope: 'eventcatalog.read' },
  'urn:test:shoppingbasket': { aud: 'shoppingbasket', scope: 'shoppingbasket.fullaccess' },
};

/** Stands in for AuthorityClient: sign-in with code "good", tokens per resource, refresh tokens it may refuse. */
export class FakeAuthority {
  readonly tokenRequests: Array<{ refreshToken: string; resource: string; scope: string }> = [];
  /** Lifetime of the access tokens it issues, in ms (negative: already expired). */
  lifetimeMs = 300_000;
  refuseRefresh = false;
  rotate = false;
  subject = 'alice';
  private counter = 0;

  async startSignIn(returnTo: string): Promise<{ url: URL; pending: PendingSignIn }> {
    const state = `state-${++this.counter}`;
    return { url: new URL(`${AUTHORITY}/auth?state=${state}`), pending: { state, nonce: `nonce-${this.counter}`, codeVerifier: `verifier-${this.counter}`, returnTo } };
  }

  async finishSignIn(callbackUrl: URL, pending: PendingSignIn, firstApi: ApiTokenRequest): Promise<AuthorityTokens & { refreshToken: string }> {
    if (callbackUrl.origin !== TEST_CONFIG.webUrl || callbackUrl.pathname !== '/auth/callback') throw new Error('wrong redirect URI');
    if (callbackUrl.searchParams.get('state') !== pending.state) throw new SignInFailedError('the answer from the authority did not match this sign-in');
    if (callbackUrl.searchParams.get('code') !== 'good') throw new SignInFailedError('the authority refused the authorization code');
    return { ...this.issue(firstApi.resource), refreshToken: `refresh-${this.subject}-0`, idToken: 'id-token', user: { sub: this.subject, name: this.subject === 'alice' ? 'Alice' : this.subject } };
  }

  async tokenFor(refreshToken: string, api: ApiTokenRequest, returnTo: string): Promise<AuthorityTokens> {
    this.tokenRequests.push({ refreshToken, resource: api.resource, scope: api.scope });
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (this.refuseRefresh) throw new SignInRequiredError(returnTo);
    return { ...this.issue(api.resource), ...(this.rotate ? { refreshToken: `refresh-${this.subject}-${this.tokenRequests.length}` } : {}) };
  }

  async signOutUrl(idToken: string | undefined): Promise<URL | undefined> {
    return new URL(`${AUTHORITY}/session/end?client_id=web${idToken ? '&hinted=1' : ''}`);
  }

  private issue(resource: string): AuthorityTokens {
    const target = AUDIENCES[resource];
    if (!target) throw new Error(`unknown resource ${resource}`);
    const now = Math.floor(Date.now() / 1000);
    return {
      accessToken: fakeAccessToken({ iss: AUTHORITY, sub: this.subject, aud: target.aud, scope: target.scope, client_id: 'web', iat: now, exp: now + 300, jti: `j${++this.counter}` }),
      expiresAt: Date.now() + this.lifetimeMs,
    };
  }
}

/** Stands in for ApiCaller: answers by "api METHOD path", records every request. */
export class FakeApis {
  readonly requests: Array<{ api: ApiName } & ApiRequest> = [];
  private readonly answers = new Map<string, ApiAnswer>();

  answer(route: string, answer: ApiAnswer): this {
    this.answers.set(route, answer);
    return this;
  }

  async call(api: ApiName, request: ApiRequest): Promise<ApiAnswer> {
    this.requests.push({ api, ...request });
    return this.answers.get(`${api} ${request.method} ${request.path}`) ?? { status: 404, body: { message: 'not found' } };
  }

  /** The claims of the bearer token of the last request to `api`. */
  lastClaims(api: ApiName): Record<string, unknown> {
    const request = [...this.requests].reverse().find((candidate) => candidate.api === api);
    if (!request) throw new Error(`no request to ${api}`);
    return JSON.parse(Buffer.from(request.accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  }
}
