/**
 * A piece of HTML that is already safe to send: built by {@link html}, never from raw text.
 *
 * @example
 * ```ts
 * const cell = html`<td>${event.name}</td>`; // a SafeHtml; event.name was escaped
 * ```
 */
export class SafeHtml {
  /** @param value markup that has been escaped already (only {@link html} creates these). */
  constructor(readonly value: string) {}

  /** The markup itself. */
  toString(): string {
    return this.value;
  }
}
