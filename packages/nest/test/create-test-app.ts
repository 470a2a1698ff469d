import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { DynamicModule, INestApplication, LoggerService, ModuleMetadata, Type } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { TestIssuer } from '@baton/testing';
import type { Response } from 'supertest';
import { AuthModule, type AuthModuleOptions } from '../src/index.js';

/** The HTTP adapters every e2e spec runs against, with `describe.each`. */
export type AdapterName = 'express' | 'fastify';
export const ADAPTERS: readonly AdapterName[] = ['express', 'fastify'];

/** The audience of the service under test in every spec (a service of the demo). */
export const AUDIENCE = 'eventcatalog';

/** Options of {@link createTestApp}. */
export interface TestAppOptions {
  adapter: AdapterName;
  controllers?: Type[];
  /** Options of `AuthModule.forRoot`; ignored when `authModule` is given. */
  auth?: AuthModuleOptions;
  /** The auth module to import instead, e.g. an `AuthModule.forRootAsync(...)`. */
  authModule?: DynamicModule;
  imports?: ModuleMetadata['imports'];
  /** Receives everything Nest logs, from compilation on. Default: logging off. */
  logger?: LoggerService;
}

/**
 * Boots a real Nest application on the chosen adapter, listening on 127.0.0.1 and port 0,
 * with `AuthModule` and the given controllers. Close it with `app.close()`.
 */
export async function createTestApp(options: TestAppOptions): Promise<INestApplication> {
  const authModule = options.authModule ?? AuthModule.forRoot(requireAuthOptions(options.auth));
  const builder = Test.createTestingModule({
    imports: [authModule, ...(options.imports ?? [])],
    controllers: options.controllers ?? [],
  });
  if (options.logger !== undefined) builder.setLogger(options.logger);
  const moduleRef = await builder.compile();
  const adapter = options.adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = moduleRef.createNestApplication(adapter, { logger: options.logger ?? false });
  try {
    await app.init();
    if (options.adapter === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

function requireAuthOptions(auth: AuthModuleOptions | undefined): AuthModuleOptions {
  if (auth === undefined) throw new TypeError('createTestApp needs `auth` or `authModule`.');
  return auth;
}

/** AuthModule options trusting `issuer` for the {@link AUDIENCE} audience. */
export function authOptionsFor(issuer: TestIssuer, extra: Partial<AuthModuleOptions> = {}): AuthModuleOptions {
  return { issuer: { issuer: issuer.issuer, jwksUri: issuer.jwksUri }, audience: AUDIENCE, algorithms: ['ES256'], ...extra };
}

/** The parts of a response that both adapters must give identically. */
export interface ErrorAnswer {
  status: number;
  wwwAuthenticate: string | undefined;
  retryAfter: string | undefined;
  cacheControl: string | undefined;
  body: unknown;
}

/** Picks the {@link ErrorAnswer} of a supertest response, to compare with `toEqual`. */
export function answerOf(response: Response): ErrorAnswer {
  return {
    status: response.status,
    wwwAuthenticate: response.headers['www-authenticate'] as string | undefined,
    retryAfter: response.headers['retry-after'] as string | undefined,
    cacheControl: response.headers['cache-control'] as string | undefined,
    body: response.body as unknown,
  };
}

/** The RFC 6750 answer to a refused request; `Cache-Control: no-store` is always expected. */
export function refusal(status: number, wwwAuthenticate: string | undefined, body: Record<string, string>): ErrorAnswer {
  return { status, wwwAuthenticate, retryAfter: undefined, cacheControl: 'no-store', body };
}

/** 401 with a bare `Bearer` challenge and `{}`: no credentials were sent (Z1). */
export const NO_TOKEN = refusal(401, 'Bearer', {});

/** 401 `invalid_token` with the fixed description of the failure. */
export function invalidToken(description: string): ErrorAnswer {
  return refusal(401, `Bearer error="invalid_token", error_description="${description}"`, {
    error: 'invalid_token',
    error_description: description,
  });
}

/** 400 `invalid_request` with the fixed description of the failure. */
export function invalidRequest(description: string): ErrorAnswer {
  return refusal(400, `Bearer error="invalid_request", error_description="${description}"`, {
    error: 'invalid_request',
    error_description: description,
  });
}

/** 403 `insufficient_scope` naming the scopes needed. */
export function insufficientScope(scopes: string, mode: 'all' | 'any' = 'all'): ErrorAnswer {
  const description = mode === 'all' ? 'The access token lacks a required scope' : 'The access token has none of the accepted scopes';
  return refusal(403, `Bearer error="insufficient_scope", error_description="${description}", scope="${scopes}"`, {
    error: 'insufficient_scope',
    error_description: description,
  });
}

/** The fixed descriptions of `invalid_token` failures (from `@baton/core`'s `InvalidTokenError`). */
export const TOKEN_ERRORS = {
  malformed: 'The access token is malformed',
  algNotAllowed: 'The access token is signed with an algorithm that is not allowed',
  headerUnsupported: 'The access token uses an unsupported JOSE header',
  notAccessToken: 'The token is not an access token',
  signature: 'The access token signature is invalid',
  keyNotFound: 'No key of the issuer matches the access token',
  issuer: 'The access token issuer is not trusted',
  audience: 'The access token is not meant for this service',
  expired: 'The access token expired',
  notYetValid: 'The access token is not valid yet',
  claimInvalid: 'The access token has an invalid claim',
} as const;

/** The fixed descriptions of `invalid_request` failures. */
export const REQUEST_ERRORS = {
  multipleTokens: 'More than one access token was sent',
  malformedAuthorization: 'The Authorization header is malformed',
} as const;

/** A response read with `node:http`, for requests supertest cannot shape (repeated headers). */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends a GET with `node:http` to the app's listening port. A header given as a list is sent
 * once per value, as separate header lines (supertest would join them).
 */
export async function rawGet(app: INestApplication, path: string, headers: Record<string, string | string[]>): Promise<RawResponse> {
  const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A Nest logger that keeps every line logged, at every level, errors with stack and cause. */
export class CollectingLogger implements LoggerService {
  readonly lines: string[] = [];

  log(message: unknown, ...rest: unknown[]): void {
    this.collect('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.collect('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.collect('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.collect('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.collect('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.collect('fatal', message, rest);
  }

  private collect(level: string, message: unknown, rest: unknown[]): void {
    this.lines.push([level, ...[message, ...rest].map(formatLogArgument)].join(' '));
  }
}

/** Strings as they are; anything else (errors with their cause chain) in full. */
export function formatLogArgument(value: unknown): string {
  return typeof value === 'string' ? value : inspect(value, { depth: 10, breakLength: Infinity });
}
