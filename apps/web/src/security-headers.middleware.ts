import type { NextFunction, Request, Response } from 'express';

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * Headers on every storefront answer: a strict Content-Security-Policy (no script at all, styles
 * and forms from this site only, never framed), no referrer (the callback URL carries a code),
 * no MIME sniffing, and no caching of pages that show a person's basket.
 *
 * @example
 * ```ts
 * app.use(securityHeaders);
 * ```
 */
export function securityHeaders(request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  if (!request.path.startsWith('/assets/')) response.setHeader('Cache-Control', 'no-store');
  next();
}
