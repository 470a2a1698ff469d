import type { CatalogEvent } from './catalog-event.js';
import { asRecord, numberField, stringField } from './read-json.js';

/**
 * An event of eventcatalog's JSON, or `undefined` if it lacks an id or a name.
 *
 * @example
 * ```ts
 * const events = list.map(parseCatalogEvent).filter((event) => event !== undefined);
 * ```
 */
export function parseCatalogEvent(value: unknown): CatalogEvent | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const id = stringField(record, 'id', 'eventId');
  const name = stringField(record, 'name');
  if (id === undefined || name === undefined) return undefined;
  const category = asRecord(record.category);
  const categoryName = category ? stringField(category, 'name') : stringField(record, 'category', 'categoryName');
  return {
    id,
    name,
    artist: stringField(record, 'artist') ?? '',
    date: stringField(record, 'date') ?? '',
    price: numberField(record, 'price') ?? 0,
    description: stringField(record, 'description') ?? '',
    ...(categoryName === undefined ? {} : { category: categoryName }),
  };
}
