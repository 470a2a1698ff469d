/** Releases the unread body of a response that is not handed back (fetch); a no-op for axios. */
export function discardResponse(response: unknown): void {
  const body = (response as { body?: unknown }).body;
  if (body !== null && typeof body === 'object' && typeof (body as { cancel?: unknown }).cancel === 'function') {
    (body as { cancel(): Promise<void> }).cancel().catch(() => undefined);
  }
}
