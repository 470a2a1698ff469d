import type { Principal } from '@baton/core';
import { ForbiddenException } from '@nestjs/common';

/**
 * The user the verified token names (`sub`): whose basket, whose coupon. A token without
 * `sub` names nobody, and gets 403 rather than someone else's data.
 *
 * @throws ForbiddenException (403) when the token has no `sub`.
 * @example
 * ```ts
 * @Get() @RequireScope('shoppingbasket.fullaccess')
 * basket(@Principal() principal: Principal) { return this.baskets.of(subjectOf(principal)); }
 * ```
 */
export function subjectOf(principal: Principal): string {
  if (principal.subject === undefined || principal.subject === '') throw new ForbiddenException('The access token names no user (no sub claim)');
  return principal.subject;
}
