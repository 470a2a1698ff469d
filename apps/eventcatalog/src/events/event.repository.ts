import type { CatalogEvent } from './catalog-event.js';
import type { EventInput } from './event-input.schema.js';

/**
 * Where events are kept. The controllers know only this; `SqlEventRepository` is the
 * implementation on the service's `SqlDatabase` (PGlite in the demo).
 *
 * @example
 * ```ts
 * const upcoming = await events.list({ categoryId });
 * ```
 */
export abstract class EventRepository {
  /** Events by date, optionally of one category. */
  abstract list(filter: { categoryId?: string | undefined }): Promise<CatalogEvent[]>;
  /** The event with this id, if any. */
  abstract find(id: string): Promise<CatalogEvent | undefined>;
  /** Creates an event in an existing category. */
  abstract create(input: EventInput): Promise<CatalogEvent>;
  /** Replaces an event; `undefined` when there is none with this id. */
  abstract update(id: string, input: EventInput): Promise<CatalogEvent | undefined>;
}
