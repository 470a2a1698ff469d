import type { Basket, BasketLine } from '../backends/basket.js';
import { formatPrice } from './format.js';
import { html } from './html.js';
import type { SafeHtml } from './safe-html.js';

/**
 * The table of basket lines, shared by the basket and the order confirmation.
 *
 * @example
 * ```ts
 * html`${basketLines(basket.lines)}`;
 * ```
 */
export function basketLines(lines: readonly BasketLine[]): SafeHtml {
  return html`<table>
    <thead><tr><th>Event</th><th class="num">Tickets</th><th class="num">Price</th></tr></thead>
    <tbody>${lines.map(
      (line) => html`<tr data-line-event="${line.eventId}"><td>${line.eventName}</td><td class="num">${line.quantity}</td>
        <td class="num">${line.price === undefined ? '' : formatPrice(line.price * line.quantity)}</td></tr>`,
    )}</tbody>
  </table>`;
}

/**
 * The basket with its checkout button.
 *
 * @example
 * ```ts
 * layoutPage({ title: 'Basket', content: basketContent(basket, formToken), user });
 * ```
 */
export function basketContent(basket: Basket, formToken: string): SafeHtml {
  if (basket.lines.length === 0) {
    return html`<h1>Your basket</h1><p class="muted">Your basket is empty. <a href="/">Browse the events</a>.</p>`;
  }
  return html`<h1>Your basket</h1>
    ${basketLines(basket.lines)}
    ${basket.total === undefined ? '' : html`<p class="num">Total before discount: <strong>${formatPrice(basket.total)}</strong></p>`}
    <form method="post" action="/checkout">
      <input type="hidden" name="_form" value="${formToken}">
      <button type="submit">Check out</button>
      <span class="muted">Your coupon, if you have one, is applied at checkout.</span>
    </form>`;
}
