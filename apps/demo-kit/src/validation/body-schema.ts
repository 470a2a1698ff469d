import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec';
import type { Field } from './field.js';

/** The fields of a body, by name. */
export type BodyShape = Record<string, Field<unknown>>;

/** The value a body of this shape is read into. */
export type BodyValue<S extends BodyShape> = { -readonly [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** The value a {@link bodySchema} gives the handler: `create(@Body({ schema }) body: BodyOf<typeof schema>)`. */
export type BodyOf<B> = B extends { readonly shape: infer S extends BodyShape } ? BodyValue<S> : never;

/**
 * A request body schema in the Standard Schema format, which Nest validates natively
 * (`@Body({ schema })` with `StandardSchemaValidationPipe`, a 400 listing every problem) and
 * `@nestjs/swagger` turns into the operation's request body (Standard JSON Schema). One
 * definition gives both, so the docs cannot drift from what is enforced.
 */
export type BodySchema<S extends BodyShape> = StandardSchemaV1<unknown, BodyValue<S>> & StandardJSONSchemaV1<unknown, BodyValue<S>>;

const MAX_ISSUES = 20;
/** Unknown field names are echoed back shortened: request text is never copied at length. */
const MAX_ECHOED_NAME = 40;

/**
 * Declares the JSON object a route accepts: every field checked, unknown fields refused (a
 * typo never passes silently), each problem reported as `field: must be …`.
 *
 * @example
 * ```ts
 * const newCategory = bodySchema('NewCategory', { name: field.text({ maxLength: 80 }) });
 *
 * @Post() @RequireScope('eventcatalog.write')
 * create(@Body({ schema: newCategory }) body: BodyOf<typeof newCategory>) { … }
 * ```
 */
export function bodySchema<S extends BodyShape>(title: string, shape: S): BodySchema<S> & { readonly shape: S } {
  const jsonSchema = (): Record<string, unknown> => ({
    type: 'object',
    title,
    properties: Object.fromEntries(Object.entries(shape).map(([name, fieldOf]) => [name, fieldOf.jsonSchema()])),
    required: Object.entries(shape)
      .filter(([, fieldOf]) => !fieldOf.optional)
      .map(([name]) => name),
    additionalProperties: false,
  });
  return {
    shape,
    '~standard': {
      version: 1,
      vendor: 'baton-demo',
      validate: (input) => read(shape, input),
      jsonSchema: { input: jsonSchema, output: jsonSchema },
    },
  };
}

function read<S extends BodyShape>(shape: S, input: unknown): StandardSchemaV1.Result<BodyValue<S>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { issues: [{ message: 'The request body must be a JSON object' }] };
  }
  const issues: StandardSchemaV1.Issue[] = [];
  const value: Record<string, unknown> = {};
  const body = input as Record<string, unknown>;
  for (const name of Object.keys(body)) {
    if (!Object.hasOwn(shape, name)) issues.push({ message: `is not a known field (expected ${Object.keys(shape).join(', ')})`, path: [shorten(name)] });
  }
  for (const [name, fieldOf] of Object.entries(shape)) {
    const given = Object.hasOwn(body, name) ? body[name] : undefined;
    if (given === undefined) {
      if (!fieldOf.optional) issues.push({ message: 'is required', path: [name] });
      continue;
    }
    const result = fieldOf.read(given);
    if (result.ok) value[name] = result.value;
    else issues.push({ message: result.message, path: [name] });
  }
  if (issues.length > 0) return { issues: issues.slice(0, MAX_ISSUES) };
  return { value: value as BodyValue<S> };
}

function shorten(name: string): string {
  return name.length > MAX_ECHOED_NAME ? `${name.slice(0, MAX_ECHOED_NAME)}…` : name;
}
