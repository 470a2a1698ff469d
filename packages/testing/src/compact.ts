/** base64url of a JSON value, a string or raw bytes: one segment of a compact JWS. */
export function encodeSegment(value: unknown): string {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64url');
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** Decodes the payload of a compact token without checking anything (for assertions). */
export function decodePayload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Decodes the protected header of a compact token without checking anything. */
export function decodeHeader(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

/**
 * Replaces the payload of a signed token and keeps the old signature: a tampered token (P6).
 *
 * @example
 * ```ts
 * const forged = tamperPayload(token, (claims) => ({ ...claims, scope: 'admin' }));
 * ```
 */
export function tamperPayload(token: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${encodeSegment(change(decodePayload(token)))}.${signature}`;
}
