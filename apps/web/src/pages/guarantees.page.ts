import type { ProbeName, ProbeResult } from '../guarantees/probe-result.js';
import { html } from './html.js';
import type { SafeHtml } from './safe-html.js';

const PROBES: ReadonlyArray<{ name: ProbeName; title: string; explanation: SafeHtml; button: string }> = [
  {
    name: 'discount-direct',
    title: 'discount refuses the storefront’s token',
    explanation: html`The storefront holds a token for <code>shoppingbasket</code>. discount accepts only tokens whose
      audience is <code>discount</code>, so sending it this token directly must fail with
      <strong>401 <code>invalid_token</code></strong>. Only shoppingbasket, by exchanging your token at the authority
      (RFC 8693), can get one that discount accepts.`,
    button: 'Call discount with the storefront’s token',
  },
  {
    name: 'catalog-write',
    title: 'eventcatalog refuses a write without the scope',
    explanation: html`The storefront’s token for <code>eventcatalog</code> carries <code>eventcatalog.read</code> only.
      Creating an event needs <code>eventcatalog.write</code>, so the attempt must fail with
      <strong>403 <code>insufficient_scope</code></strong>, naming the missing scope.`,
    button: 'Try to create an event',
  },
];

function resultPanel(result: ProbeResult): SafeHtml {
  return html`<div class="notice ${result.held ? 'ok' : 'bad'}" data-probe-result="${result.probe}" data-status="${result.status}">
    <p>${result.request}</p>
    <p>Answer: <span class="status ${result.held ? 'ok' : 'bad'}">${result.status === 0 ? 'no answer' : result.status}</span>
      — ${result.held ? 'refused, as it must be.' : html`expected ${result.expected.status} <code>${result.expected.error}</code>: the guarantee did not hold!`}</p>
    ${result.wwwAuthenticate ? html`<p>WWW-Authenticate:</p><pre data-header="www-authenticate">${result.wwwAuthenticate}</pre>` : ''}
    ${result.body === undefined ? '' : html`<p>Body:</p><pre data-body>${JSON.stringify(result.body, null, 2)}</pre>`}
  </div>`;
}

/**
 * "See the guarantees": two buttons, each making a request that an API must refuse, and what the
 * API answered (status, WWW-Authenticate, body).
 *
 * @example
 * ```ts
 * layoutPage({ title: 'Guarantees', content: guaranteesContent(formToken, result), user });
 * ```
 */
export function guaranteesContent(formToken: string, result?: ProbeResult): SafeHtml {
  return html`<h1>See the guarantees</h1>
    <p>Each button makes a request that must be refused, with the storefront’s own tokens, and shows the answer.</p>
    ${PROBES.map(
      (probe) => html`<section data-probe="${probe.name}">
        <h2>${probe.title}</h2>
        <p>${probe.explanation}</p>
        <form method="post" action="/guarantees/${probe.name}">
          <input type="hidden" name="_form" value="${formToken}">
          <button type="submit">${probe.button}</button>
        </form>
        ${result?.probe === probe.name ? resultPanel(result) : ''}
      </section>`,
    )}`;
}
