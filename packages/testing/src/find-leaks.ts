/** What kind of secret a log line gave away. */
export type LeakKind = 'jwt' | 'authorization-header' | 'client-secret' | 'known-secret';

/** One secret found in captured output. `excerpt` is redacted: it never repeats the secret. */
export interface Leak {
  readonly kind: LeakKind;
  /** Where in the text it starts. */
  readonly index: number;
  /** A few characters before the secret and a redacted marker, to find the culprit. */
  readonly excerpt: string;
}

const PATTERNS: ReadonlyArray<readonly [LeakKind, RegExp]> = [
  // A compact JWS/JWT: a JSON header and payload, base64url, start with `eyJ` ('{"').
  ['jwt', /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g],
  // An Authorization header (or a serialised headers object) with credentials after the scheme.
  ['authorization-header', /authorization["']?\s*[:=]\s*["']?\s*(?:bearer|basic|dpop)\s+[A-Za-z0-9\-._~+/]{8,}/gi],
  // client_secret in a form body, a query or a JSON object.
  ['client-secret', /client_secret["']?\s*[:=]\s*["']?[^\s"'&,}]{6,}/gi],
];

/**
 * Finds tokens, Authorization headers and client secrets in captured output (O6, X10, Z6).
 *
 * `knownSecrets` are exact values a test knows must never appear (client secrets, cookie keys);
 * values shorter than 8 characters are ignored, as they would match by chance.
 *
 * @example
 * ```ts
 * const leaks = findLeaks(capturedLogs, [clientSecret]);
 * expect(leaks).toEqual([]);
 * ```
 */
export function findLeaks(text: string, knownSecrets: Iterable<string> = []): Leak[] {
  const leaks: Leak[] = [];
  for (const [kind, pattern] of PATTERNS) {
    for (const match of text.matchAll(pattern)) leaks.push(leakAt(text, kind, match.index));
  }
  for (const secret of knownSecrets) {
    if (secret.length < 8) continue;
    for (let index = text.indexOf(secret); index !== -1; index = text.indexOf(secret, index + secret.length)) {
      leaks.push(leakAt(text, 'known-secret', index));
    }
  }
  return leaks.sort((a, b) => a.index - b.index);
}

function leakAt(text: string, kind: LeakKind, index: number): Leak {
  // Mask every long credential-like run too, so an excerpt never shows an earlier secret.
  const before = text
    .slice(Math.max(0, index - 40), index)
    .replace(/\s+/g, ' ')
    .replace(/[A-Za-z0-9\-._~+/=]{8,}/g, '***');
  return { kind, index, excerpt: `…${before}[${kind} redacted]` };
}
