import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { FormTokenMismatchError } from '../errors/form-token-mismatch.error.js';

/** The name of the hidden field that carries the session's anti-forgery token. */
export const FORM_TOKEN_FIELD = '_form';

/**
 * Accepts a form post only if it carries this session's anti-forgery token. The session cookie
 * is SameSite=Lax already; this is the second lock, so no other site can make a signed-in
 * browser add to a basket, check out or sign out.
 *
 * @example
 * ```ts
 * @Post('checkout') @UseGuards(FormTokenGuard) checkout() { … }
 * ```
 */
@Injectable()
export class FormTokenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const expected = request.session?.formToken;
    const body: unknown = request.body;
    const sent = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[FORM_TOKEN_FIELD] : undefined;
    if (!expected || typeof sent !== 'string' || sent.length !== expected.length) throw new FormTokenMismatchError();
    if (!timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) throw new FormTokenMismatchError();
    return true;
  }
}
