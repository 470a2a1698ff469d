import { extractBearerToken, type BearerExtractionOptions } from '@baton/core';
import { Inject, Injectable, Optional, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { bearerSources, type AuthenticatedRequest } from '../audience.guard.js';
import { bearerExtractionOptions, type AuthModuleOptions } from '../auth-module-options.js';
import { AUTH_MODULE_OPTIONS } from '../auth.module-definition.js';
import { OnBehalfOfContext, type InboundCredentials } from './on-behalf-of.context.js';

/**
 * Registered by {@link OnBehalfOfModule} as an application interceptor: after the guards, it
 * runs each handler whose request carries a verified principal (`req.user`) inside
 * {@link OnBehalfOfContext}, with the bearer token the audience guard verified. Handlers of
 * `@Public()` routes run without credentials, so their outbound calls cannot act for a user.
 *
 * Extend it and override `credentialsOf` for other transports (GraphQL, microservices).
 *
 * @example
 * ```ts
 * @Injectable()
 * class GqlOnBehalfOfInterceptor extends OnBehalfOfContextInterceptor {
 *   protected override credentialsOf(context: ExecutionContext) { ... }
 * }
 * ```
 */
@Injectable()
export class OnBehalfOfContextInterceptor implements NestInterceptor {
  private readonly extraction: BearerExtractionOptions;

  constructor(
    protected readonly context: OnBehalfOfContext,
    @Optional() @Inject(AUTH_MODULE_OPTIONS) authOptions?: AuthModuleOptions,
  ) {
    this.extraction = authOptions === undefined ? {} : bearerExtractionOptions(authOptions);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const credentials = this.credentialsOf(context);
    // Nest binds the handler's async scope when `handle()` is called: calling it inside `run`
    // makes the handler, and every promise it starts, see the credentials.
    return credentials === undefined ? next.handle() : this.context.run(credentials, () => next.handle());
  }

  /**
   * The verified token and principal of an HTTP request, or undefined. The audience guard keeps
   * only the principal on the request; the token is read again from the same place with the
   * same rules, so it is the one the guard verified.
   */
  protected credentialsOf(context: ExecutionContext): InboundCredentials | undefined {
    if (context.getType() !== 'http') return undefined;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = request.user;
    if (principal === undefined || principal === null) return undefined;
    try {
      return { token: extractBearerToken(bearerSources(request), this.extraction), principal };
    } catch {
      // `req.user` set by something else than a bearer token (a session): no user to act for.
      return undefined;
    }
  }
}
