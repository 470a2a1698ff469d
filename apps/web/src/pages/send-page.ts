import type { Request, Response } from 'express';
import { layoutPage } from './layout.page.js';
import type { SafeHtml } from './safe-html.js';

/**
 * Sends a whole page: `content` inside the layout, with the request's signed-in person, form
 * token and token trail.
 *
 * @example
 * ```ts
 * sendPage(request, response, 'Basket', basketContent(basket, formToken));
 * ```
 */
export function sendPage(request: Request, response: Response, title: string, content: SafeHtml, status = 200): void {
  const session = request.session;
  const page = layoutPage({
    title,
    content,
    ...(session.user ? { user: session.user, formToken: session.formToken ?? '' } : {}),
    ...(session.trail ? { trail: session.trail } : {}),
  });
  response.status(status).type('html').send(page.value);
}
