import { AccessTokenVerifier, extractBearerToken, type BearerExtractionOptions, type BearerSources, type Principal } from '@baton/core';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { bearerExtractionOptions, type AuthModuleOptions } from './auth-module-options.js';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition.js';
import { RouteAuthPolicyCache } from './route-auth-policy.js';

/** The request fields the guards read and write; express and fastify requests both fit. */
export interface AuthenticatedRequest extends BearerSources {
  user?: Principal;
  /** Fastify keeps Node's message here (with `rawHeaders`); express requests are that message. */
  raw?: { rawHeaders?: readonly string[] };
}

/**
 * The audience guard: every route not marked `@Public()` needs a bearer token that this
 * service's verifier accepts (issuer, signature, `aud`, `typ`, expiry…). The principal goes to
 * `req.user`. Failures are thrown as `@baton/core` errors and answered by the exception filter.
 *
 * Registered as an app guard by {@link AuthModule}; extend it and override the `protected`
 * hooks to read requests of other transports (e.g. GraphQL).
 */
@Injectable()
export class AudienceGuard implements CanActivate {
  private readonly extraction: BearerExtractionOptions;

  constructor(
    protected readonly verifier: AccessTokenVerifier,
    protected readonly policies: RouteAuthPolicyCache,
    @Inject(AUTH_MODULE_OPTIONS) options: AuthModuleOptions,
  ) {
    this.extraction = bearerExtractionOptions(options);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.policies.get(context.getClass(), context.getHandler()).isPublic) return true;
    const request = this.getRequest(context);
    request.user = await this.verifier.verify(extractBearerToken(bearerSources(request), this.extraction));
    return true;
  }

  /** The request to read the token from and to attach the principal to. */
  protected getRequest(context: ExecutionContext): AuthenticatedRequest {
    return context.switchToHttp().getRequest<AuthenticatedRequest>();
  }
}

/** The request itself when it carries `rawHeaders` (express); fastify's keeps them on `raw`. */
export function bearerSources(request: Omit<AuthenticatedRequest, 'user'>): BearerSources {
  if (request.rawHeaders !== undefined || request.raw?.rawHeaders === undefined) return request;
  return { headers: request.headers, query: request.query, body: request.body, rawHeaders: request.raw.rawHeaders };
}
