import { CookieJar } from './cookie-jar.js';

function responseSetting(...cookies: string[]): Response {
  const headers = new Headers();
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(null, { headers });
}

describe('CookieJar', () => {
  it('keeps cookies by name, replaces them, and forgets expired ones', () => {
    const jar = new CookieJar();
    expect(jar.header()).toEqual({});
    jar.store(responseSetting('_interaction=one; path=/interaction/x; httponly', '_session=s1; path=/; samesite=lax'));
    expect(jar.header()).toEqual({ cookie: '_interaction=one; _session=s1' });
    jar.store(responseSetting('_interaction=two; path=/', '_session=; expires=Thu, 01 Jan 1970 00:00:00 GMT'));
    expect(jar.header()).toEqual({ cookie: '_interaction=two' });
    jar.store(responseSetting('_interaction=x; max-age=0', 'broken'));
    expect(jar.header()).toEqual({});
  });
});
