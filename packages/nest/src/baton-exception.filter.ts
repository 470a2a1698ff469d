import { BatonError } from '@baton/core';
import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AuthModuleOptions } from './auth-module-options.js';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition.js';

/**
 * The one place where a `@baton/core` error becomes an HTTP response: its status, the RFC 6750
 * `WWW-Authenticate` challenge, `Retry-After` whenever the error carries a `retryAfter` in
 * seconds (`TemporarilyUnavailableError`, `DownstreamUnavailableError`…), `Cache-Control:
 * no-store`, and the body `{ error, error_description }`. Works through Nest's HTTP adapter, so
 * express and fastify answer byte for byte alike. Never includes the token or any request text.
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
    const retryAfter = retryAfterOf(exception);
    if (retryAfter !== undefined) adapter.setHeader(response, 'Retry-After', String(retryAfter));
    adapter.setHeader(response, 'Cache-Control', 'no-store');
    adapter.reply(response, exception.toResponseBody(), exception.status);
  }
}

/**
 * The `Retry-After` delay-seconds of an error that says how long to wait, if any. Core has no
 * common "retryable" base class, so any `BatonError` with a numeric `retryAfter` counts (core's
 * `TemporarilyUnavailableError`, this package's `DownstreamUnavailableError`, a user's own).
 * RFC 9110 §10.2.3 allows only a non-negative integer, so a fraction is rounded up and a
 * negative or non-finite value sends no header at all.
 */
function retryAfterOf(exception: BatonError): number | undefined {
  const value: unknown = (exception as { readonly retryAfter?: unknown }).retryAfter;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  return Math.ceil(value);
}
