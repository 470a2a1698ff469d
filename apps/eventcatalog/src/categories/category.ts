import type { OpenApiSchema } from '@baton-demo/kit';
/**
 * A category of events, as the API returns it.
 *
 * @example
 * ```json
 * { "id": "0b6f…", "name": "Concerts" }
 * ```
 */
export interface Category {
  readonly id: string;
  readonly name: string;
}

/** The JSON Schema of {@link Category}, for the OpenAPI docs. */
export const CATEGORY_SCHEMA: OpenApiSchema = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string', example: 'Concerts' } },
  required: ['id', 'name'],
};
