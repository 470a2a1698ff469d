import { TOKEN_EXCHANGE_GRANT_TYPE, TOKEN_TYPES } from '@baton/authority';
import { startAuthority, type MainAuthorityClients, type RunningAuthority } from '../src/index.js';

describe('bad input: never a 5xx, token-endpoint errors in JSON with no-store', () => {
  let authority: RunningAuthority<MainAuthorityClients>;
  let basic: string;

  beforeAll(async () => {
    authority = await startAuthority();
    const { id, secret } = authority.clients.shoppingbasket;
    basic = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  });
  afterAll(async () => {
    await authority.close();
  });

  const form = (body: string, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic, ...headers },
    body,
  });
  const exchangeBody = (extra: string) => `grant_type=${encodeURIComponent(TOKEN_EXCHANGE_GRANT_TYPE)}&subject_token_type=${encodeURIComponent(TOKEN_TYPES.accessToken)}&${extra}`;

  it.each<[string, () => RequestInit, string]>([
    ['X3: repeated subject_token', () => form(exchangeBody('subject_token=a.b.c&subject_token=d.e.f&audience=discount')), 'invalid_request'],
    ['X3: repeated grant_type', () => form(`grant_type=client_credentials&${exchangeBody('subject_token=a.b.c&audience=discount')}`), 'invalid_request'],
    ['X3: actor_token without its type', () => form(exchangeBody('subject_token=a.b.c&actor_token=x.y.z&audience=discount')), 'invalid_request'],
    ['X4: an id_token as subject', () => form(`grant_type=${encodeURIComponent(TOKEN_EXCHANGE_GRANT_TYPE)}&subject_token_type=${encodeURIComponent(TOKEN_TYPES.idToken)}&subject_token=a.b.c&audience=discount`), 'invalid_request'],
    ['X5: garbage as subject token', () => form(exchangeBody(`subject_token=${encodeURIComponent('%%%\u0000<script>')}&audience=discount`)), 'invalid_request'],
    ['X5: a 100 kB subject token', () => form(exchangeBody(`subject_token=${'a'.repeat(50_000)}.${'b'.repeat(50_000)}.c&audience=discount`)), 'invalid_request'],
    ['an unknown grant type', () => form('grant_type=urn%3Aexample%3Anothing'), 'unsupported_grant_type'],
    ['a JSON body', () => form('{"grant_type":"client_credentials"}', { 'content-type': 'application/json' }), 'invalid_request'],
    ['no body', () => form(''), 'invalid_request'],
  ])('/token answers %s with the RFC error', async (_case, init, error) => {
    const response = await fetch(`${authority.issuer}/token`, init());
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { error: string; error_description?: string };
    expect(body.error).toBe(error);
    // The client did authenticate: the refusal is about the request, not the credentials.
    expect(body.error_description ?? '').not.toMatch(/authorization header|client authentication/i);
  });

  it.each<[string, string, RequestInit | undefined, number]>([
    ['an unknown interaction', '/interaction/%00%ff', undefined, 400],
    ['a login post without its interaction', '/interaction/abc/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username[a]=b&password=c' }, 400],
    ['a login post with a JSON body', '/interaction/abc/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' }, 400],
    ['an abort without its interaction', '/interaction/abc/abort', { method: 'POST' }, 400],
    ['an unknown route', '/wp-admin', undefined, 404],
    ['an authorization request for no client', '/auth?client_id=%00', undefined, 400],
  ])('the pages answer %s without a 5xx', async (_case, path, init, status) => {
    const response = await fetch(`${authority.issuer}${path}`, { redirect: 'manual', ...init });
    expect(response.status).toBe(status);
    expect(await response.text()).not.toMatch(/at .+\.(ts|js):\d+/);
  });
});
