import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';
import type { Field } from './field.js';

/**
 * A Standard Schema for one value (a path or query parameter), from a {@link Field}: Nest
 * answers 400 `must be a UUID` before the handler runs. A `field.optional(...)` accepts the
 * parameter's absence.
 *
 * @example
 * ```ts
 * const eventId = valueSchema(field.uuid());
 * @Get(':id') get(@Param('id', { schema: eventId }) id: string) { … }
 * ```
 */
export function valueSchema<T>(fieldOf: Field<T>): StandardSchemaV1<unknown, T> & StandardJSONSchemaV1<unknown, T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'baton-demo',
      validate: (input) => {
        if (input === undefined && fieldOf.optional) return { value: undefined as T };
        const result = fieldOf.read(input);
        return result.ok ? { value: result.value } : { issues: [{ message: result.message }] };
      },
      jsonSchema: { input: () => fieldOf.jsonSchema(), output: () => fieldOf.jsonSchema() },
    },
  };
}
