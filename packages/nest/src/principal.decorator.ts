import type { Principal as VerifiedPrincipal } from '@baton/core';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Who is calling: the verified access token's principal (see `@baton/core`'s `Principal`). */
export type Principal = VerifiedPrincipal;

/**
 * Injects the verified principal of the request (the same object as `req.user`).
 * On a `@Public()` route it is `undefined`: public routes do not read the token at all.
 *
 * @example
 * ```ts
 * @Post() @RequireScope('eventcatalog.write')
 * create(@Principal() user: Principal) { return this.events.create(user.subject) }
 * ```
 */
export const Principal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): VerifiedPrincipal | undefined =>
    context.switchToHttp().getRequest<{ user?: VerifiedPrincipal }>().user,
);
