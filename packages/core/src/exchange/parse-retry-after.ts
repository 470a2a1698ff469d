/**
 * Seconds to wait from an HTTP `Retry-After` value (RFC 9110 §10.2.3): delay-seconds or an
 * HTTP-date, rounded up; undefined when absent or unreadable. A date in the past gives 0.
 *
 * @example
 * ```ts
 * parseRetryAfter('120', Date.now()) // 120
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.now()) // seconds until then
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text);
  // An IMF-fixdate names a weekday and GMT; Date.parse would also take "1" or "2026" as dates.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}
