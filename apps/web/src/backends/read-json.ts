/** A JSON object, as the parsers of API answers see it. */
export type JsonRecord = Readonly<Record<string, unknown>>;

/**
 * `value` as a JSON object, or `undefined`.
 *
 * @example
 * ```ts
 * const body = asRecord(answer.body);
 * ```
 */
export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

/**
 * The first of `keys` whose value is a string (numbers are turned into strings), or `undefined`.
 *
 * @example
 * ```ts
 * stringField({ id: 7 }, 'id'); // '7'
 * ```
 */
export function stringField(record: JsonRecord, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/**
 * The first of `keys` whose value is a finite number (or a numeric string), or `undefined`.
 *
 * @example
 * ```ts
 * numberField({ price: '65.50' }, 'price'); // 65.5
 * ```
 */
export function numberField(record: JsonRecord, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  }
  return undefined;
}
