import { Inject, Injectable, Logger } from '@nestjs/common';
import type { WebConfig } from '../config/web-config.js';
import { WEB_CONFIG } from '../config/web-config.token.js';
import type { ApiAnswer } from './api-answer.js';

/** The APIs the storefront can reach. */
export type ApiName = 'eventcatalog' | 'shoppingbasket' | 'discount';

/** A request to one API with a bearer token. */
export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path under the API's base URL, e.g. `/events/7`. */
  readonly path: string;
  readonly accessToken: string;
  /** Sent as JSON. */
  readonly body?: unknown;
}

/**
 * Calls the demo APIs over HTTP with a bearer token and returns what they answered, whatever
 * the status. Fetch is enough here (no retries: a person is waiting and can reload); every call
 * is bounded by `requestTimeoutMs`. A call that gets no answer has status 0.
 *
 * @example
 * ```ts
 * const answer = await caller.call('eventcatalog', { method: 'GET', path: '/events', accessToken });
 * ```
 */
@Injectable()
export class ApiCaller {
  private readonly logger = new Logger('ApiCaller');

  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {}

  async call(api: ApiName, request: ApiRequest): Promise<ApiAnswer> {
    const url = `${this.baseUrl(api)}${request.path}`;
    const headers: Record<string, string> = { authorization: `Bearer ${request.accessToken}`, accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.requestTimeoutMs ?? 5000),
      });
    } catch (error) {
      this.logger.warn(`${request.method} ${api}${request.path} got no answer: ${error instanceof Error ? error.name : 'error'}`);
      return { status: 0, body: undefined };
    }
    const text = await response.text();
    const wwwAuthenticate = response.headers.get('www-authenticate');
    return { status: response.status, body: parseBody(text), ...(wwwAuthenticate === null ? {} : { wwwAuthenticate }) };
  }

  private baseUrl(api: ApiName): string {
    if (api === 'eventcatalog') return this.config.eventcatalogUrl;
    if (api === 'shoppingbasket') return this.config.shoppingbasketUrl;
    return this.config.discountUrl;
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
