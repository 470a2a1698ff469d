import { html } from './html.js';
import type { SafeHtml } from './safe-html.js';

/** What an error page says. Every text is fixed by the storefront, never echoed from a request. */
export interface ErrorPageInput {
  readonly status: number;
  readonly heading: string;
  readonly message: string;
  /** A stable code, e.g. `api_call_failed`. */
  readonly code?: string;
}

/**
 * The content of an error page (inside the layout).
 *
 * @example
 * ```ts
 * errorContent({ status: 404, heading: 'Not found', message: 'No such page.' });
 * ```
 */
export function errorContent(input: ErrorPageInput): SafeHtml {
  return html`<h1>${input.heading}</h1>
    <p class="notice bad" data-error-status="${input.status}" data-error-code="${input.code ?? ''}">${input.message}</p>
    <p><a href="/">Back to the events</a></p>`;
}
