/** What reading one value gave: the value, or why it was refused. */
export type FieldResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/**
 * One field of a request body: how to read and check a JSON value, and how to describe it in
 * OpenAPI. Made with `field.*` and combined with `bodySchema`.
 *
 * @example
 * ```ts
 * const quantity: Field<number> = field.integer({ min: 1, max: 99 });
 * quantity.read(3); // { ok: true, value: 3 }
 * ```
 */
export interface Field<T> {
  /** Whether the field may be left out. */
  readonly optional: boolean;
  /** Checks one JSON value. Messages are sentences without the field name ("must be …"). */
  read(value: unknown): FieldResult<T>;
  /** The JSON Schema (OpenAPI 3.0 dialect) of the accepted input. */
  jsonSchema(): Record<string, unknown>;
}
