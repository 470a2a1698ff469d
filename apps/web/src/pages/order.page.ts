import type { CheckoutResult } from '../backends/checkout-result.js';
import { basketLines } from './basket.page.js';
import { formatPrice } from './format.js';
import { html } from './html.js';
import type { SafeHtml } from './safe-html.js';

/**
 * The order confirmation after checkout: lines, subtotal, the coupon applied and the total.
 *
 * @example
 * ```ts
 * layoutPage({ title: 'Thank you', content: orderContent(result), user, trail });
 * ```
 */
export function orderContent(order: CheckoutResult): SafeHtml {
  return html`<h1>Thank you for your order</h1>
    ${order.orderId ? html`<p class="muted">Order <code>${order.orderId}</code></p>` : ''}
    ${basketLines(order.lines)}
    <table class="totals">
      <tr><td>Subtotal</td><td class="num" data-total="subtotal">${formatPrice(order.subtotal)}</td></tr>
      ${
        order.coupon
          ? html`<tr><td>Coupon <code data-coupon-code>${order.coupon.code}</code></td><td class="num" data-total="discount">−${formatPrice(order.coupon.amount)}</td></tr>`
          : html`<tr><td colspan="2" class="muted">No coupon to apply.</td></tr>`
      }
      <tr><td><strong>Total</strong></td><td class="num" data-total="total"><strong>${formatPrice(order.total)}</strong></td></tr>
    </table>
    <p class="notice ok">shoppingbasket asked discount for your coupon <strong>on your behalf</strong>: it exchanged your token
    for one meant for discount only. The token trail on the right shows both.</p>`;
}
