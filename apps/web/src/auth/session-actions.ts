import type { Request } from 'express';

/**
 * Replaces the request's session by a new one (new id), so an id known before signing in is
 * worthless afterwards (session fixation).
 *
 * @example
 * ```ts
 * await regenerateSession(request);
 * request.session.user = user;
 * ```
 */
export function regenerateSession(request: Request): Promise<void> {
  return new Promise((resolve, reject) => request.session.regenerate((error: unknown) => (error ? reject(error as Error) : resolve())));
}

/**
 * Destroys the request's session in the store.
 *
 * @example
 * ```ts
 * await destroySession(request);
 * ```
 */
export function destroySession(request: Request): Promise<void> {
  return new Promise((resolve, reject) => request.session.destroy((error: unknown) => (error ? reject(error as Error) : resolve())));
}
