import type { Field, FieldResult } from './field.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** An RFC 3339 date-time with an explicit offset, e.g. `2027-03-14T20:00:00Z` or `…+01:00`. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `2027-02-30` is not a day (Date.parse would roll it over to March 2). */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const refused = <T>(message: string): FieldResult<T> => ({ ok: false, message });

function describe(schema: Record<string, unknown>, description: string | undefined, example: unknown): Record<string, unknown> {
  return { ...schema, ...(description === undefined ? {} : { description }), ...(example === undefined ? {} : { example }) };
}

/** Options every field takes: what OpenAPI shows for it. */
interface Documented<T> {
  description?: string;
  example?: T;
}

/**
 * The kinds of body fields the demo services accept. Each checks its JSON type strictly (a
 * number sent as a string is refused) and says what it wants in a short sentence.
 *
 * @example
 * ```ts
 * const line = bodySchema('NewBasketLine', {
 *   eventId: field.uuid(),
 *   quantity: field.integer({ min: 1, max: 99 }),
 *   note: field.optional(field.text({ maxLength: 200 })),
 * });
 * ```
 */
export const field = {
  /** A string of 1 to `maxLength` characters that is not only blanks; the value is trimmed. */
  text(options: Documented<string> & { maxLength: number }): Field<string> {
    return {
      optional: false,
      read(value) {
        if (typeof value !== 'string') return refused('must be a string');
        const trimmed = value.trim();
        if (trimmed === '') return refused('must not be empty');
        if (trimmed.length > options.maxLength) return refused(`must be at most ${options.maxLength} characters long`);
        return ok(trimmed);
      },
      jsonSchema: () => describe({ type: 'string', minLength: 1, maxLength: options.maxLength }, options.description, options.example),
    };
  },

  /** A whole number from `min` to `max`. */
  integer(options: Documented<number> & { min: number; max: number }): Field<number> {
    return {
      optional: false,
      read(value) {
        if (typeof value !== 'number' || !Number.isInteger(value) || value < options.min || value > options.max) {
          return refused(`must be a whole number from ${options.min} to ${options.max}`);
        }
        return ok(value);
      },
      jsonSchema: () => describe({ type: 'integer', minimum: options.min, maximum: options.max }, options.description, options.example),
    };
  },

  /**
   * An amount of money in currency units with at most two decimals, from 0 to `max`. The value
   * read is in cents (`12.5` → `1250`), so sums never meet floating-point rounding.
   */
  money(options: Documented<number> & { max: number }): Field<number> {
    return {
      optional: false,
      read(value) {
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > options.max) {
          return refused(`must be an amount from 0 to ${options.max}`);
        }
        const cents = Math.round(value * 100);
        if (Math.abs(cents - value * 100) > 1e-6) return refused('must have at most two decimals');
        return ok(cents);
      },
      jsonSchema: () => describe({ type: 'number', minimum: 0, maximum: options.max, multipleOf: 0.01 }, options.description, options.example),
    };
  },

  /** An RFC 3339 date-time with a time zone; the value read is its UTC ISO form. */
  dateTime(options: Documented<string> = {}): Field<string> {
    return {
      optional: false,
      read(value) {
        const time = typeof value === 'string' && DATE_TIME.test(value) && isCalendarDate(value) ? Date.parse(value) : Number.NaN;
        if (Number.isNaN(time)) return refused('must be a date-time with a time zone, e.g. 2027-03-14T20:00:00Z');
        return ok(new Date(time).toISOString());
      },
      jsonSchema: () => describe({ type: 'string', format: 'date-time' }, options.description, options.example),
    };
  },

  /** A UUID, e.g. the id of an event; the value read is lower case. */
  uuid(options: Documented<string> = {}): Field<string> {
    return {
      optional: false,
      read(value) {
        if (typeof value !== 'string' || !UUID.test(value)) return refused('must be a UUID');
        return ok(value.toLowerCase());
      },
      jsonSchema: () => describe({ type: 'string', format: 'uuid' }, options.description, options.example),
    };
  },

  /** The same field, which may be left out (`undefined` then). */
  optional<T>(inner: Field<T>): Field<T | undefined> {
    return { optional: true, read: (value) => inner.read(value), jsonSchema: () => inner.jsonSchema() };
  },
};
