/**
 * The `exp` of a JWS compact token, read **without verifying** it, or undefined when the token
 * is not a three-part JWT with a numeric `exp` (an opaque token, a JWE).
 *
 * Used only to shorten lifetimes: the subject token was verified by the inbound guard, and an
 * issued token's `exp` can only make its cache entry end sooner. Never used to trust anything.
 *
 * @example
 * ```ts
 * decodeJwtExpiry(inboundToken) // 1767225600
 * decodeJwtExpiry('opaque-token') // undefined
 * ```
 */
export function decodeJwtExpiry(token: string): number | undefined {
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  if (second < 0 || token.indexOf('.', second + 1) >= 0) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.slice(first + 1, second), 'base64url').toString('utf8'));
    const exp = payload !== null && typeof payload === 'object' ? (payload as { exp?: unknown }).exp : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
  } catch {
    return undefined;
  }
}
