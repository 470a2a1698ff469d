import type { CatalogEvent } from '../backends/catalog-event.js';
import { formatDate, formatPrice } from './format.js';
import { html } from './html.js';
import type { SafeHtml } from './safe-html.js';

/**
 * The list of events from eventcatalog.
 *
 * @example
 * ```ts
 * layoutPage({ title: 'Events', content: eventsContent(events), user });
 * ```
 */
export function eventsContent(events: readonly CatalogEvent[]): SafeHtml {
  if (events.length === 0) return html`<h1>Events</h1><p class="muted">No events yet.</p>`;
  return html`<h1>Events</h1>
    <ul class="events">${events.map(
      (event) => html`<li data-event-id="${event.id}">
        <div><a href="/events/${encodeURIComponent(event.id)}"><strong>${event.name}</strong></a><br>
        <span class="muted">${event.artist} · ${formatDate(event.date)}${event.category ? ` · ${event.category}` : ''}</span></div>
        <div class="num">${formatPrice(event.price)}</div>
      </li>`,
    )}</ul>`;
}
