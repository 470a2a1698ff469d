import { AccessTokenVerifier, extractBearerToken, type BearerExtractionOptions, type BearerSources, type Principal } from '@baton/core';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { bearerExtractionOptions, type AuthModuleOptions } from './auth-module-options.js';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition.js';
import { RouteAuthPolicyCache } from './route-auth-policy.js';

/** The request fields the guards read and write; express and fastify requests both fit. */
export interface AuthenticatedRequest extends BearerSources {
  user?: Principal;
  /** The request target (path and query string), as Node and both adapters give it. */
  url?: string;
  /** Fastify keeps Node's message here (with `rawHeaders`); express requests are that message. */
  raw?: { rawHeaders?: readonly string[] };
}

/**
 * The audience guard: every route not marked `@Public()` needs a bearer token that this
 * service's verifier accepts (issuer, signature, `aud`, `typ`, expiry…). The principal goes to
 * `req.user`. Failures are thrown as `@baton/core` errors and answered by the exception filter.
 *
 * A token the verifier has already verified and cached is let through synchronously (Nest then
 * awaits nothing); others return a promise. Errors always come as a rejected promise.
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

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    try {
      if (this.policies.get(context.getClass(), context.getHandler()).isPublic) return true;
      const request = this.getRequest(context);
      const token = extractBearerToken(bearerSources(request), this.extraction);
      const cached = this.verifier.verifyFromCache(token);
      if (cached === undefined) return this.verifyInto(request, token);
      request.user = cached;
      return true;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The request to read the token from and to attach the principal to. */
  protected getRequest(context: ExecutionContext): AuthenticatedRequest {
    // What switchToHttp().getRequest() returns, without the closures it builds on every call.
    return context.getArgByIndex<AuthenticatedRequest>(0);
  }

  private async verifyInto(request: AuthenticatedRequest, token: string): Promise<boolean> {
    request.user = await this.verifier.verify(token);
    return true;
  }
}

/**
 * Where to look for the token. Fastify keeps Node's `rawHeaders` on `request.raw`. An express
 * request is Node's message itself, but its `query` is a getter that parses the URL again on
 * every read: when the URL has no query string there is nothing to find, so it is not read.
 */
export function bearerSources(request: Omit<AuthenticatedRequest, 'user'>): BearerSources {
  if (request.rawHeaders !== undefined) {
    if (typeof request.url !== 'string' || request.url.includes('?')) return request;
    return { headers: request.headers, rawHeaders: request.rawHeaders, body: request.body };
  }
  if (request.raw?.rawHeaders === undefined) return request;
  return { headers: request.headers, query: request.query, body: request.body, rawHeaders: request.raw.rawHeaders };
}
