import { escapeHtml } from './escape-html.js';
import { renderPage } from './render-page.js';

/** What the login page shows. */
export interface LoginPageModel {
  /** The interaction id; the forms post to `/interaction/<uid>/login` and `/interaction/<uid>/abort`. */
  readonly uid: string;
  /** The authority's display name, e.g. "GloboTicket". */
  readonly authorityName: string;
  /** The display name of the client asking for the sign-in. */
  readonly clientName: string;
  /** The username typed before, shown again after a wrong password. */
  readonly username?: string;
  /** Set after a failed attempt. */
  readonly error?: string;
}

/**
 * The login page: a username/password form and a cancel button, both plain HTML forms.
 * Every value is escaped.
 *
 * @example
 * ```ts
 * response.send(loginPage({ uid, authorityName: 'GloboTicket', clientName: 'GloboTicket storefront' }));
 * ```
 */
export function loginPage(model: LoginPageModel): string {
  const uid = encodeURIComponent(model.uid);
  const error = model.error ? `<p class="error" role="alert">${escapeHtml(model.error)}</p>` : '';
  const body = `
<h1>Sign in to ${escapeHtml(model.authorityName)}</h1>
<p><strong>${escapeHtml(model.clientName)}</strong> asks you to sign in.</p>
${error}
<form method="post" action="/interaction/${uid}/login" autocomplete="on">
  <label for="username">Username</label>
  <input id="username" name="username" type="text" autocomplete="username" required autofocus value="${escapeHtml(model.username ?? '')}">
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  <div class="actions"><button type="submit">Sign in</button></div>
</form>
<form method="post" action="/interaction/${uid}/abort">
  <div class="actions"><button class="secondary" type="submit">Cancel</button></div>
</form>`;
  return renderPage(`Sign in — ${model.authorityName}`, body);
}
