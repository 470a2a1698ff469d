import type { OpenApiSchema } from '@baton-demo/kit';
import type { Category } from '../categories/category.js';

/**
 * An event of the catalog, as the API returns it. `price` is in currency units (euros) with
 * at most two decimals; `date` is an ISO 8601 UTC date-time.
 *
 * @example
 * ```json
 * { "id": "3f0c…", "name": "John Egbert Live", "artist": "John Egbert", "date": "2027-03-14T19:00:00.000Z",
 *   "price": 65, "description": "…", "category": { "id": "0b6f…", "name": "Concerts" } }
 * ```
 */
export interface CatalogEvent {
  readonly id: string;
  readonly name: string;
  readonly artist: string;
  readonly date: string;
  readonly price: number;
  readonly description: string;
  readonly category: Category;
}

/** The JSON Schema of {@link CatalogEvent}, for the OpenAPI docs. */
export const CATALOG_EVENT_SCHEMA: OpenApiSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string', example: 'John Egbert Live' },
    artist: { type: 'string', example: 'John Egbert' },
    date: { type: 'string', format: 'date-time' },
    price: { type: 'number', example: 65, description: 'In euros, at most two decimals' },
    description: { type: 'string' },
    category: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } }, required: ['id', 'name'] },
  },
  required: ['id', 'name', 'artist', 'date', 'price', 'description', 'category'],
};
