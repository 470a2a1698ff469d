import type { CatalogEvent } from './catalog-event.js';
import { asRecord, numberField, stringField } from './read-json.js';

/**
 * An event of eventcatalog's JSON (`{ id, name, artist, date, price, description, category: { id, name } }`),
 * or `undefined` if it lacks an id or a name.
 *
 * @example
 * ```ts
 * const events = list.map(parseCatalogEvent).filter((event) => event !== undefined);
 * ```
 */
export function parseCatalogEvent(value: unknown): CatalogEvent | undefined {
  const record = asRecord(value);
  if (!record) return undefined;
  const id = stringField(record, 'id');
  const name = stringField(record, 'name');
  if (id === undefined || name === undefined) return undefined;
  const category = asRecord(record.category);
  const categoryName = category ? stringField(category, 'name') : undefined;
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
