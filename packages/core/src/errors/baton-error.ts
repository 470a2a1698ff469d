/**
 * Base class of every error Baton raises for a request it refuses.
 *
 * Each subclass stands for one RFC outcome and carries everything an adapter needs to answer
 * it: the HTTP `status`, the RFC 6749 / 6750 / 8693 `error` code (absent when the request
 * carried no credentials at all, RFC 6750 §3.1), a fixed `description` that never contains
 * request text, and a stable `code` for logs and tests.
 *
 * A caller's programming mistake (bad options) is a `TypeError`, never a `BatonError`.
 *
 * @example
 * ```ts
 * try { await verifier.verify(token) }
 * catch (e) { if (e instanceof BatonError) reply(e.status, e.toResponseBody(), e.wwwAuthenticate()) }
 * ```
 */
export abstract class BatonError extends Error {
  /** Stable machine-readable identifier of the failure, e.g. `ERR_TOKEN_EXPIRED`. */
  abstract readonly code: string;
  /** HTTP status the failure maps to. */
  abstract readonly status: number;
  /** RFC error code (`invalid_token`, `insufficient_scope`…), or undefined when none applies. */
  abstract readonly error: string | undefined;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /** Text for `error_description`: fixed per failure, safe to show, never request data. */
  get description(): string {
    return this.message;
  }

  /** Extra `WWW-Authenticate` auth-params (e.g. `scope`), already validated by the subclass. */
  protected challengeParams(): ReadonlyArray<readonly [string, string]> {
    return [];
  }

  /**
   * The `WWW-Authenticate` challenge for this failure (RFC 6750 §3), e.g.
   * `Bearer realm="api", error="invalid_token", error_description="The token expired"`.
   * Every quoted value is sanitised so that nothing can break out of the header (Z6).
   */
  wwwAuthenticate(realm?: string): string | undefined {
    const params: Array<readonly [string, string]> = [];
    if (realm !== undefined) params.push(['realm', realm]);
    if (this.error !== undefined) {
      params.push(['error', this.error], ['error_description', this.description]);
    }
    params.push(...this.challengeParams());
    if (params.length === 0) return 'Bearer';
    return `Bearer ${params.map(([name, value]) => `${name}="${quoteSafe(value)}"`).join(', ')}`;
  }

  /** JSON body for the response: `{ error, error_description }`, or `{}` with no error code. */
  toResponseBody(): { error?: string; error_description?: string } {
    return this.error === undefined ? {} : { error: this.error, error_description: this.description };
  }
}

/**
 * Keeps only the characters RFC 6750 §3 allows inside a quoted auth-param value
 * (%x20-21 / %x23-5B / %x5D-7E): no quote, no backslash, no control characters, no CR/LF.
 */
export function quoteSafe(value: string): string {
  return value.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '');
}
