import { escapeHtml } from './escape-html.js';
import { renderPage } from './render-page.js';

/**
 * The "sign out?" confirmation of RP-initiated logout. `form` is oidc-provider's hidden form
 * (with its anti-forgery token); the buttons submit it.
 *
 * @example
 * ```ts
 * features: { rpInitiatedLogout: { logoutSource: (ctx, form) => { ctx.body = logoutPage('GloboTicket', form); } } }
 * ```
 */
export function logoutPage(authorityName: string, form: string): string {
  const body = `
<h1>Sign out of ${escapeHtml(authorityName)}?</h1>
<p>You will have to sign in again the next time an application asks.</p>
${form}
<div class="actions">
  <button type="submit" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>
  <button class="secondary" type="submit" form="op.logoutForm">No, stay signed in</button>
</div>`;
  return renderPage(`Sign out — ${authorityName}`, body);
}
