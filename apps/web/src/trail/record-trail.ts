import type { StorefrontSession } from '../auth/api-tokens.service.js';
import type { TrailHop } from './token-trail.js';

/**
 * Makes `hops` the session's token trail, as the last action `action`.
 *
 * @example
 * ```ts
 * recordTrail(request.session, 'Checkout', hops);
 * ```
 */
export function recordTrail(session: StorefrontSession, action: string, hops: readonly TrailHop[]): void {
  session.trail = { action, at: new Date().toISOString(), hops };
}
