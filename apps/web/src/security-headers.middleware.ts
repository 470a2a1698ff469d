import type { NextFunction, Request, Response } from 'express';

/**
 * Headers on every storefront answer: a strict Content-Security-Policy (no script at all, styles
 * from this site only, forms to this site and — for sign-out, which continues at the authority —
 * to `authorityOrigin`, never framed), no referrer (the callback URL carries a code), no MIME
 * sniffing, and no caching of pages that show a person's basket.
 *
 * @example
 * ```ts
 * app.use(securityHeaders('http://localhost:4000'));
 * ```
 */
export function securityHeaders(authorityOrigin: string): (request: Request, response: Response, next: NextFunction) => void {
  const contentSecurityPolicy = [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self' ${authorityOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return (request, response, next) => {
    response.setHeader('Content-Security-Policy', contentSecurityPolicy);
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('X-Frame-Options', 'DENY');
    if (!request.path.startsWith('/assets/')) response.setHeader('Cache-Control', 'no-store');
    next();
  };
}
