import type { Downstreams } from './downstreams.js';

/**
 * Fails when any request a downstream or the other origin received carries an inbound token's
 * bytes: the whole token, or its signature (the part that cannot be re-derived), anywhere in the
 * request line, the raw headers or the body (O1).
 */
export function expectNoInboundToken(downstreams: Downstreams, inboundTokens: readonly string[]): void {
  const transcript = `${downstreams.discount.transcript()}\n${downstreams.other.transcript()}`;
  for (const token of inboundTokens) {
    const signature = token.split('.')[2] as string;
    // Not `toContain`: a failure message must not print the token.
    expect(transcript.includes(token)).toBe(false);
    expect(transcript.includes(signature)).toBe(false);
  }
}

/** The bearer token of an `Authorization` header value, or `undefined`. */
export function bearerOf(authorization: string | undefined): string | undefined {
  return /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
}
