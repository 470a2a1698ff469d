import { html } from './html.js';
import type { SafeHtml } from './safe-html.js';

/**
 * The welcome page for someone not signed in: what the demo is and a sign-in button.
 *
 * @example
 * ```ts
 * layoutPage({ title: 'Welcome', content: homeContent() });
 * ```
 */
export function homeContent(): SafeHtml {
  return html`<h1>Welcome to GloboTicket</h1>
    <p>Concert tickets, and a demo of how services trust each other with OAuth 2.0: the storefront
    signs you in at the authority and keeps your tokens on its server; each API accepts only tokens
    meant for it; and at checkout, shoppingbasket exchanges your token for one meant for discount
    (RFC 8693) instead of passing yours on.</p>
    <p><a class="button" href="/auth/login">Sign in to browse the events</a></p>
    <p class="muted">Demo users: <code>alice</code> / <code>alice-demo</code> and <code>bob</code> / <code>bob-demo</code>.
    The panel on the right shows the claims of every token used by your last action.</p>`;
}
