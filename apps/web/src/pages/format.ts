/**
 * A price in euros for display (eventcatalog's prices are euros), e.g. `€65.00`.
 *
 * @example
 * ```ts
 * formatPrice(65); // '€65.00'
 * ```
 */
export function formatPrice(amount: number): string {
  return `€${amount.toFixed(2)}`;
}

/**
 * A date for display, e.g. `Sat 14 Mar 2026`; the text itself when it is not a date.
 *
 * @example
 * ```ts
 * formatDate('2026-03-14T20:00:00Z'); // 'Sat, 14 Mar 2026'
 * ```
 */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
