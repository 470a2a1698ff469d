/** One answer, with the body read as text. */
export interface HttpAnswer {
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** A request: GET by default, or a form post. */
export interface HttpRequestInit {
  readonly method?: 'GET' | 'POST';
  readonly form?: Readonly<Record<string, string>>;
}

/**
 * A minimal browser for HTTP tests: keeps cookies (every demo process runs on localhost, and
 * cookies ignore ports, so one jar per host is what a browser has) and follows redirects the way
 * a browser does (303, 302 and 301 turn into GET; 307 and 308 keep the method and body).
 *
 * @example
 * ```ts
 * const browser = new CookieJarClient();
 * const page = await browser.navigate('http://localhost:3000/auth/login');
 * ```
 */
export class CookieJarClient {
  private readonly cookies = new Map<string, string>();
  /** Every URL requested, in order (for assertions about the redirect chain). */
  readonly visited: string[] = [];

  /** Sends one request without following redirects. */
  async send(url: string, init: HttpRequestInit = {}): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: 'text/html,application/json' };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    this.visited.push(url);
    const response = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) this.store(cookie);
    return { url, status: response.status, headers: response.headers, text: await response.text() };
  }

  /** Sends a request and follows its redirects; returns the last answer. */
  async navigate(url: string, init: HttpRequestInit = {}, maxRedirects = 20): Promise<HttpAnswer> {
    let answer = await this.send(url, init);
    let current = init;
    for (let hops = 0; answer.status >= 300 && answer.status < 400; hops++) {
      if (hops >= maxRedirects) throw new Error(`More than ${maxRedirects} redirects from ${url}`);
      const location = answer.headers.get('location');
      if (!location) return answer;
      if (answer.status !== 307 && answer.status !== 308) current = {};
      answer = await this.send(new URL(location, answer.url).href, current);
    }
    return answer;
  }

  /** The value of a cookie, if the jar has it. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private store(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const separator = pair.indexOf('=');
    if (separator <= 0) return;
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = attributes.some((attribute) => {
      const [key = '', setting = ''] = attribute.split('=').map((part) => part.trim());
      if (key.toLowerCase() === 'max-age') return Number(setting) <= 0;
      if (key.toLowerCase() === 'expires') return Date.parse(setting) <= Date.now();
      return false;
    });
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
