import type { StandardSchemaV1 } from '@standard-schema/spec';
import { bodySchema } from './body-schema.js';
import { field } from './fields.js';
import { valueSchema } from './value-schema.js';

const newEvent = bodySchema('NewEvent', {
  name: field.text({ maxLength: 10 }),
  date: field.dateTime(),
  price: field.money({ max: 1000 }),
  quantity: field.integer({ min: 1, max: 99 }),
  categoryId: field.uuid(),
  description: field.optional(field.text({ maxLength: 20 })),
});

const valid = { name: '  Opera ', date: '2027-03-14T20:00:00+01:00', price: 45.5, quantity: 2, categoryId: 'A1B2C3D4-0000-4000-8000-000000000001' };

async function validate<T>(schema: StandardSchemaV1<unknown, T>, input: unknown): Promise<StandardSchemaV1.Result<T>> {
  return schema['~standard'].validate(input);
}

describe('bodySchema', () => {
  it('reads a valid body: trimmed text, UTC date-time, cents, lower-case UUID; optional fields may be left out', async () => {
    expect(await validate(newEvent, valid)).toEqual({
      value: { name: 'Opera', date: '2027-03-14T19:00:00.000Z', price: 4550, quantity: 2, categoryId: 'a1b2c3d4-0000-4000-8000-000000000001' },
    });
  });

  it('reports every problem as field + sentence', async () => {
    const result = await validate(newEvent, { name: '   ', date: '14/03/2027', price: 10.005, quantity: 0, categoryId: 'nope', description: 'x'.repeat(21) });
    expect(result.issues).toEqual([
      { message: 'must not be empty', path: ['name'] },
      { message: 'must be a date-time with a time zone, e.g. 2027-03-14T20:00:00Z', path: ['date'] },
      { message: 'must have at most two decimals', path: ['price'] },
      { message: 'must be a whole number from 1 to 99', path: ['quantity'] },
      { message: 'must be a UUID', path: ['categoryId'] },
      { message: 'must be at most 20 characters long', path: ['description'] },
    ]);
  });

  it('is strict about JSON types: numbers as strings, dates without a zone, arrays are refused', async () => {
    const result = await validate(newEvent, { ...valid, name: ['Opera'], price: '45.50', quantity: 1.5, date: '2027-03-14T20:00:00' });
    expect(result.issues).toEqual([
      { message: 'must be a string', path: ['name'] },
      { message: 'must be a date-time with a time zone, e.g. 2027-03-14T20:00:00Z', path: ['date'] },
      { message: 'must be an amount from 0 to 1000', path: ['price'] },
      { message: 'must be a whole number from 1 to 99', path: ['quantity'] },
    ]);
  });

  it('refuses missing and unknown fields, echoing long unknown names shortened', async () => {
    const { name: _name, ...withoutName } = valid;
    const long = 'x'.repeat(500);
    const result = await validate(newEvent, { ...withoutName, [long]: 1 });
    expect(result.issues).toEqual([
      { message: 'is not a known field (expected name, date, price, quantity, categoryId, description)', path: [`${'x'.repeat(40)}…`] },
      { message: 'is required', path: ['name'] },
    ]);
  });

  it.each([null, 'text', 42, [valid]])('refuses a body that is not a JSON object: %p', async (input) => {
    expect((await validate(newEvent, input)).issues).toEqual([{ message: 'The request body must be a JSON object' }]);
  });

  it('refuses impossible dates and negative or huge amounts', async () => {
    const notADate = { message: 'must be a date-time with a time zone, e.g. 2027-03-14T20:00:00Z', path: ['date'] };
    for (const date of ['2027-02-30T20:00:00Z', '2027-02-28T25:00:00Z', '2027-13-01T20:00:00Z', '2027-03-14T20:00:00+25:00']) {
      expect((await validate(newEvent, { ...valid, date })).issues).toEqual([notADate]);
    }
    expect((await validate(newEvent, { ...valid, date: '2028-02-29T20:00:00Z' })).issues).toBeUndefined();
    expect((await validate(newEvent, { ...valid, price: -1 })).issues).toEqual([{ message: 'must be an amount from 0 to 1000', path: ['price'] }]);
    expect((await validate(newEvent, { ...valid, price: Number.POSITIVE_INFINITY })).issues).toHaveLength(1);
  });

  it('describes itself as JSON Schema for OpenAPI', () => {
    expect(newEvent['~standard'].jsonSchema.input({ target: 'openapi-3.0' })).toEqual({
      type: 'object',
      title: 'NewEvent',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 10 },
        date: { type: 'string', format: 'date-time' },
        price: { type: 'number', minimum: 0, maximum: 1000, multipleOf: 0.01 },
        quantity: { type: 'integer', minimum: 1, maximum: 99 },
        categoryId: { type: 'string', format: 'uuid' },
        description: { type: 'string', minLength: 1, maxLength: 20 },
      },
      required: ['name', 'date', 'price', 'quantity', 'categoryId'],
      additionalProperties: false,
    });
  });
});

describe('valueSchema', () => {
  it('checks one value with a field', async () => {
    const id = valueSchema(field.uuid({ description: 'The event id' }));
    expect(await validate(id, 'ABCDEF01-0000-4000-8000-000000000001')).toEqual({ value: 'abcdef01-0000-4000-8000-000000000001' });
    expect(await validate(id, '../etc/passwd')).toEqual({ issues: [{ message: 'must be a UUID' }] });
    const optionalId = valueSchema(field.optional(field.uuid()));
    expect(await validate(optionalId, undefined)).toEqual({ value: undefined });
    expect(await validate(optionalId, '')).toEqual({ issues: [{ message: 'must be a UUID' }] });
    expect(await validate(id, undefined)).toEqual({ issues: [{ message: 'must be a UUID' }] });
    expect(id['~standard'].jsonSchema.input({ target: 'openapi-3.0' })).toEqual({ type: 'string', format: 'uuid', description: 'The event id' });
  });
});
