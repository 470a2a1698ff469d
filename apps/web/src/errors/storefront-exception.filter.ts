import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { errorContent, type ErrorPageInput } from '../pages/error.page.js';
import { layoutPage } from '../pages/layout.page.js';
import { SignInRequiredError } from './sign-in-required.error.js';
import { StorefrontError } from './storefront.error.js';

/**
 * Turns every failure into a page a person can read: "sign in first" becomes a redirect to the
 * sign-in, a storefront error its own page and status, anything else a plain 500 page. Details
 * go to the log (class and code only), never to the page.
 *
 * @example
 * ```ts
 * app.useGlobalFilters(new StorefrontExceptionFilter());
 * ```
 */
@Catch()
export class StorefrontExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Storefront');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (response.headersSent) return;
    if (error instanceof SignInRequiredError) {
      response.redirect(303, `/auth/login?returnTo=${encodeURIComponent(error.returnTo)}`);
      return;
    }
    const page = this.pageFor(error, request);
    const session = request.session;
    response
      .status(page.status)
      .type('html')
      .send(
        layoutPage({
          title: page.heading,
          content: errorContent(page),
          ...(session?.user ? { user: session.user, formToken: session.formToken } : {}),
          ...(session?.trail ? { trail: session.trail } : {}),
        }).value,
      );
  }

  private pageFor(error: unknown, request: Request): ErrorPageInput {
    if (error instanceof StorefrontError) {
      this.logger.warn(`${request.method} ${request.path}: ${error.code} (${error.message})`);
      return { status: error.status, heading: 'That did not work', message: error.message, code: error.code };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      return status === 404
        ? { status, heading: 'Not found', message: 'There is no such page.', code: 'not_found' }
        : { status, heading: 'That did not work', message: 'The request could not be handled.', code: 'bad_request' };
    }
    this.logger.error(`${request.method} ${request.path} failed: ${error instanceof Error ? (error.stack ?? error.name) : 'unknown error'}`);
    return { status: 500, heading: 'Something went wrong', message: 'The storefront hit an unexpected error; try again.', code: 'internal_error' };
  }
}
