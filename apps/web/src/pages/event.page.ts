import type { CatalogEvent } from '../backends/catalog-event.js';
import { formatDate, formatPrice } from './format.js';
import { html } from './html.js';
import type { SafeHtml } from './safe-html.js';

/**
 * One event with its "add to basket" form.
 *
 * @example
 * ```ts
 * layoutPage({ title: event.name, content: eventContent(event, formToken), user });
 * ```
 */
export function eventContent(event: CatalogEvent, formToken: string): SafeHtml {
  return html`<p><a href="/">← All events</a></p>
    <h1>${event.name}</h1>
    <p><strong>${event.artist}</strong> · ${formatDate(event.date)}${event.category ? ` · ${event.category}` : ''}</p>
    <p>${event.description}</p>
    <p>${formatPrice(event.price)} per ticket</p>
    <form method="post" action="/basket/lines">
      <input type="hidden" name="_form" value="${formToken}">
      <input type="hidden" name="eventId" value="${event.id}">
      <label>Tickets <input type="number" name="quantity" value="1" min="1" max="10"></label>
      <button type="submit">Add to basket</button>
    </form>`;
}
