import { Reflector } from '@nestjs/core';

/**
 * Opens a route (or a whole controller) to requests without a token. Everything not marked
 * `@Public()` requires a valid access token (fail-closed).
 *
 * @example
 * ```ts
 * @Get('health') @Public() health() { return { status: 'ok' } }
 * ```
 */
export const Public = Reflector.createDecorator<void, true>({ transform: () => true });
