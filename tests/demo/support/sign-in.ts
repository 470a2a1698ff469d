import { formsIn } from './html-form.js';
import type { CookieJarClient, HttpAnswer } from './cookie-jar-client.js';

/**
 * Signs in at the storefront the way a person does: "Sign in" → the authority's login form →
 * username and password → back at the storefront. Returns the page it lands on.
 *
 * @example
 * ```ts
 * const home = await signInThroughLoginForm(browser, webUrl, 'alice', 'alice-demo');
 * ```
 */
export async function signInThroughLoginForm(browser: CookieJarClient, webUrl: string, username: string, password: string, returnTo = '/'): Promise<HttpAnswer> {
  const loginPage = await browser.navigate(`${webUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  const form = formsIn(loginPage.text, loginPage.url).find((candidate) => candidate.inputsByType.password);
  if (!form) throw new Error(`No login form at ${loginPage.url} (status ${loginPage.status})`);
  const usernameField = form.inputsByType.text?.[0] ?? form.inputsByType.email?.[0] ?? 'username';
  const passwordField = form.inputsByType.password?.[0] ?? 'password';
  return browser.navigate(form.action, { form: { ...form.fields, [usernameField]: username, [passwordField]: password } });
}
