import { BatonError, TemporarilyUnavailableError } from '@baton/core';
import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AuthModuleOptions } from './auth-module-options.js';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition.js';

/**
 * The one place where a `@baton/core` error becomes an HTTP response: its status, the RFC 6750
 * `WWW-Authenticate` challenge, `Retry-After` for 503, `Cache-Control: no-store`, and the body
 * `{ error, error_description }`. Works through Nest's HTTP adapter, so express and fastify
 * answer byte for byte alike. Never includes the token or any request text.
 */
@Catch(BatonError)
export class BatonExceptionFilter implements ExceptionFilter<BatonError> {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(AUTH_MODULE_OPTIONS) private readonly options: AuthModuleOptions,
  ) {}

  catch(exception: BatonError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const adapter = this.adapterHost.httpAdapter;
    const response: unknown = host.switchToHttp().getResponse();
    const challenge = exception.wwwAuthenticate(this.options.realm);
    if (challenge !== undefined) adapter.setHeader(response, 'WWW-Authenticate', challenge);
    if (exception instanceof TemporarilyUnavailableError) adapter.setHeader(response, 'Retry-After', String(exception.retryAfter));
    adapter.setHeader(response, 'Cache-Control', 'no-store');
    adapter.reply(response, exception.toResponseBody(), exception.status);
  }
}
