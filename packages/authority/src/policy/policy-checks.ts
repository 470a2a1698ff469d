/*
 * Small checks shared by the policy validators. They live together (against the
 * one-export-per-file habit) because each is a line or two and they only make sense as a set:
 * every one throws a TypeError naming the dotted path of the faulty value and the fix.
 */

/** RFC 6749 §3.3 scope-token: visible ASCII without space, `"` or `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `parent.key`, or `parent["key"]` when the key is not a plain identifier. */
export function member(parent: string, key: string): string {
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deeper than any valid policy nests (conditions and `set` values stop at 16 levels each). */
const MAX_DATA_DEPTH = 100;

/**
 * Throws unless `value` is JSON-shaped data: plain objects, arrays without holes, strings,
 * numbers, booleans and null (an object member set to undefined counts as absent). Run once on
 * the copied policy, so that a Map, a Set, a Date or a sparse array, which the checks below
 * would read as an empty object or skip over, never silently stands for a rule.
 */
export function checkPlainData(value: unknown, path: string, depth = 0): void {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return;
  if (depth > MAX_DATA_DEPTH) throw new TypeError(`\`${path}\` nests deeper than ${MAX_DATA_DEPTH} levels; a policy is never that deep.`);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      if (!(index in value)) throw new TypeError(`\`${path}[${index}]\` is missing (a sparse array); write the list as JSON would.`);
      checkPlainData(value[index], `${path}[${index}]`, depth + 1);
    }
    return;
  }
  const prototype = typeof value === 'object' ? (Object.getPrototypeOf(value) as object | null) : undefined;
  const plain = prototype === null || (prototype !== undefined && Object.getPrototypeOf(prototype) === null && Object.prototype.toString.call(value) === '[object Object]');
  if (!plain) throw new TypeError(`\`${path}\` must be plain data (an object, a list, a string, a number, a boolean or null) as read from a JSON file; found ${Object.prototype.toString.call(value).slice(8, -1)}.`);
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) checkPlainData(entry, member(path, key), depth + 1);
}

/** Throws unless `value` is a plain object whose keys are all in `known`. */
export function checkObject(value: unknown, path: string, known: readonly string[], shape: string): Record<string, unknown> {
  if (!isRecord(value)) throw new TypeError(`\`${path}\` must be an object ${shape}.`);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new TypeError(`\`${member(path, key)}\` is not a known setting; remove it or use one of: ${known.join(', ')}.`);
    }
  }
  return value;
}

/** Throws unless `value` is a plain object used as a map (any keys); returns its entries. */
export function checkMap(value: unknown, path: string, example: string, allowEmpty = false): Array<[string, unknown]> {
  if (!isRecord(value)) throw new TypeError(`\`${path}\` must be an object, e.g. ${example}.`);
  const entries = Object.entries(value);
  if (!allowEmpty && entries.length === 0) throw new TypeError(`\`${path}\` must not be empty, e.g. ${example}.`);
  return entries;
}

/** A non-empty string without leading or trailing white space. */
export function checkName(value: unknown, path: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.trim() !== value) {
    throw new TypeError(`\`${path}\` must be ${what}: a non-empty string without surrounding spaces.`);
  }
  return value;
}

/** A scope name allowed by RFC 6749 §3.3. */
export function checkScope(value: unknown, path: string): string {
  if (typeof value !== 'string' || !SCOPE_TOKEN.test(value)) {
    throw new TypeError(`\`${path}\` must be a scope name: visible ASCII characters without space, quote or backslash (RFC 6749 §3.3), e.g. "discount.fullaccess".`);
  }
  return value;
}

/** A list of scope names without repeats. */
export function checkScopeList(value: unknown, path: string, allowEmpty: boolean): string[] {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    throw new TypeError(`\`${path}\` must be a ${allowEmpty ? '' : 'non-empty '}list of scope names, e.g. ["discount.fullaccess"].`);
  }
  const seen = new Set<string>();
  return value.map((scope: unknown, index: number) => {
    const name = checkScope(scope, `${path}[${index}]`);
    if (seen.has(name)) throw new TypeError(`\`${path}[${index}]\` repeats ${JSON.stringify(name)}; list each scope once.`);
    seen.add(name);
    return name;
  });
}

/** A list of names without repeats. */
export function checkNameList(value: unknown, path: string, what: string, example: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new TypeError(`\`${path}\` must be a non-empty list of ${what}, e.g. ${example}.`);
  const seen = new Set<string>();
  return value.map((entry: unknown, index: number) => {
    const name = checkName(entry, `${path}[${index}]`, what);
    if (seen.has(name)) throw new TypeError(`\`${path}[${index}]\` repeats ${JSON.stringify(name)}; list each once.`);
    seen.add(name);
    return name;
  });
}

/** An absolute URI (RFC 3986) without a fragment. */
export function checkAbsoluteUri(value: unknown, path: string, example: string): string {
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if (url.hash === '' && !value.endsWith('#')) return value;
    } catch {
      // fall through to the error below
    }
  }
  throw new TypeError(`\`${path}\` must be an absolute URI without a fragment, e.g. ${JSON.stringify(example)}.`);
}

/** `true` or `false`, or the default when absent. */
export function checkBoolean(value: unknown, path: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`\`${path}\` must be true or false.`);
  return value;
}

/** A whole number in [min, max], or the default when absent. */
export function checkInteger(value: unknown, path: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`\`${path}\` must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

/** Names a list of known values for error messages. */
export function known(values: Iterable<string>): string {
  const list = [...values];
  return list.length === 0 ? 'none defined' : `known: ${list.map((value) => JSON.stringify(value)).join(', ')}`;
}
