import { Controller, Get, Header, Inject } from '@nestjs/common';
import { AuthorityRuntime } from '../app/authority-runtime.js';
import { AUTHORITY_RUNTIME } from '../app/authority-runtime.token.js';
import { escapeHtml } from '../pages/escape-html.js';
import { PAGE_SECURITY_HEADERS } from '../pages/page-security-headers.js';
import { renderPage } from '../pages/render-page.js';

/**
 * `GET /`: a short page saying which authority this is and where its metadata is, for a person
 * who opens the issuer URL in a browser.
 *
 * @example
 * ```sh
 * curl -s http://localhost:4000/
 * ```
 */
@Controller()
export class HomeController {
  constructor(@Inject(AUTHORITY_RUNTIME) private readonly runtime: AuthorityRuntime) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', PAGE_SECURITY_HEADERS['Content-Security-Policy'] ?? "default-src 'none'")
  @Header('Cache-Control', 'no-store')
  home(): string {
    const issuer = this.runtime.issuer ?? '';
    const body = `
<h1>${escapeHtml(this.runtime.authorityName)} authority</h1>
<p>This is an OAuth 2.0 / OpenID Connect authorization server of the GloboTicket demo.</p>
<p>Metadata: <a href="/.well-known/openid-configuration"><code>${escapeHtml(issuer)}/.well-known/openid-configuration</code></a></p>`;
    return renderPage(`${this.runtime.authorityName} authority`, body);
  }
}
