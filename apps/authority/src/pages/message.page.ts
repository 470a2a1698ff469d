import { escapeHtml } from './escape-html.js';
import { renderPage } from './render-page.js';

/**
 * A page with a title and one paragraph, for errors and confirmations. Both texts are escaped;
 * callers never pass error details that could hold request data or tokens.
 *
 * @example
 * ```ts
 * response.status(400).send(messagePage('Sign-in expired', 'Start again from the application.'));
 * ```
 */
export function messagePage(title: string, message: string): string {
  return renderPage(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}
