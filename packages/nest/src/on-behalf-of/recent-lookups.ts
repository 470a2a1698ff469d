/**
 * A small memo of lookups made lately, for the outbound hot path: a service calls the same few
 * URLs again and again, and parsing and matching one costs more than a map lookup. Bounded by
 * count (cleared whole when full). Keys with a query are never kept: they vary from call to
 * call, and may hold what a cache should not keep.
 */
export class RecentLookups<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly maxEntries: number) {}

  /** The remembered value of `key`, or `compute(key)`, remembered unless `key` has a query. */
  get(key: string, compute: (key: string) => V): V {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    const value = compute(key);
    if (key.includes('?')) return value;
    if (this.values.size >= this.maxEntries) this.values.clear();
    this.values.set(key, value);
    return value;
  }
}
