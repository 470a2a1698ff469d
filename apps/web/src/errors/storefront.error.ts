/**
 * The base of every failure the storefront turns into a page: each subclass has a stable `code`,
 * the HTTP status of the page that explains it, and a message safe to show (no token, no secret).
 *
 * @example
 * ```ts
 * if (error instanceof StorefrontError) response.status(error.status);
 * ```
 */
export abstract class StorefrontError extends Error {
  /** A stable identifier of the failure, e.g. `sign_in_required`. */
  abstract readonly code: string;
  /** The status of the page that reports it. */
  abstract readonly status: number;
}
