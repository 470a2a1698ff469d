import type { SessionUser } from '../auth/storefront-session.js';
import type { TokenTrail } from '../trail/token-trail.js';
import { html } from './html.js';
import type { SafeHtml } from './safe-html.js';
import { trailPanel } from './trail.panel.js';

/** What every page shows around its own content. */
export interface LayoutInput {
  readonly title: string;
  readonly content: SafeHtml;
  readonly user?: SessionUser;
  /** The session's anti-forgery token, for the sign-out form. */
  readonly formToken?: string;
  readonly trail?: TokenTrail;
}

/**
 * A whole HTML document: header with navigation and who is signed in, the page's content, and
 * the token trail panel beside it.
 *
 * @example
 * ```ts
 * response.send(layoutPage({ title: 'Events', content: html`<h1>Events</h1>`, user }).value);
 * ```
 */
export function layoutPage(input: LayoutInput): SafeHtml {
  const who = input.user
    ? html`<span data-user="${input.user.sub}">Signed in as <strong>${input.user.name ?? input.user.sub}</strong></span>
        <form class="inline" method="post" action="/auth/logout"><input type="hidden" name="_form" value="${input.formToken ?? ''}"><button class="quiet" type="submit">Sign out</button></form>`
    : html`<a class="button" href="/auth/login">Sign in</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} · GloboTicket</title>
<link rel="stylesheet" href="/assets/storefront.css">
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
</head>
<body>
<header class="top">
  <a class="brand" href="/">GloboTicket</a>
  <nav><a href="/">Events</a><a href="/basket">Basket</a><a href="/guarantees">See the guarantees</a></nav>
  <div class="who">${who}</div>
</header>
<div class="layout">
  <main>${input.content}</main>
  <aside class="trail" aria-label="Token trail">${trailPanel(input.trail)}</aside>
</div>
</body>
</html>
`;
}
