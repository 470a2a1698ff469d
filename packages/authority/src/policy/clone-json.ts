/**
 * A deep copy of a JSON value (claims come from JSON). Used rather than `structuredClone`,
 * whose copies belong to the realm that created the function (a test runner's sandbox may
 * differ), so that copies always compare equal to freshly parsed JSON.
 */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
