import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { AxiosAdapter, AxiosError, AxiosInstance, AxiosResponse, AxiosStatic, InternalAxiosRequestConfig } from 'axios';
import { DownstreamCaller } from './downstream.caller.js';
import { DownstreamRegistry } from './downstream.registry.js';
import type { Downstream } from './downstream.js';
import type { OnBehalfOfModuleOptions } from './on-behalf-of-module-options.js';
import { ON_BEHALF_OF_MODULE_OPTIONS } from './on-behalf-of.module-definition.js';
import type { OutboundRequest } from './outbound-request.js';
import { RecentLookups } from './recent-lookups.js';

/** Set on a request config once an interceptor took it, so two apps sharing an instance do not both act. */
const HANDLED = Symbol.for('@baton/nest:on-behalf-of');

/** URLs whose downstream the interceptor remembers at most (then it starts again). */
const MAX_RECENT_MATCHES = 256;
const ABSOLUTE_HTTP_URL = /^https?:\/\//i;

type Marked = InternalAxiosRequestConfig & { [HANDLED]?: true };
type BeforeRedirect = (options: Record<string, unknown>, responseDetails: unknown, requestDetails: unknown) => void;

/**
 * The on-behalf-of interceptor for axios and `@nestjs/axios`'s `HttpService`. A request whose
 * URL lies under a configured downstream is sent with a token obtained for that downstream,
 * through the downstream's timeout, retries and circuit breaker; on a redirect out of the
 * downstream's base URL the token is dropped. Any other request goes out as it was, with no
 * token. No request, to a downstream or not, may carry the inbound token (O1).
 *
 * When the application boots, {@link OnBehalfOfModule} attaches it to every `HttpService` it
 * finds (`attachToHttpServices: false` to opt out); call {@link OnBehalfOfHttpInterceptor.attach}
 * for axios instances made elsewhere. It is detached at shutdown.
 *
 * For downstream requests, the response's and error's `config` is the request as the caller
 * made it (no token); a response's `request` (Node's request, whose raw header text holds the
 * token) is not enumerable, and an error has none, its `response` included, so that logging or
 * keeping an axios error does not expose the token (O6). Connection failures and timeouts
 * become `DownstreamUnavailableError`.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class DiscountApi {
 *   constructor(private readonly http: HttpService) {}
 *   coupon() {
 *     return firstValueFrom(this.http.get('http://localhost:4003/coupons/mine')); // token of `discount` attached
 *   }
 * }
 * ```
 */
@Injectable()
export class OnBehalfOfHttpInterceptor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly attached = new Map<AxiosInstance, number>();
  /** The downstream (or null: none) of the URLs called lately. */
  private readonly recentMatches = new RecentLookups<Downstream | null>(MAX_RECENT_MATCHES);

  constructor(
    private readonly registry: DownstreamRegistry,
    private readonly caller: DownstreamCaller,
    private readonly discovery: DiscoveryService,
    @Inject(ON_BEHALF_OF_MODULE_OPTIONS) private readonly options: OnBehalfOfModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.attachToHttpServices === false) return;
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (isHttpService(instance)) await this.attach(instance.axiosRef);
    }
  }

  onApplicationShutdown(): void {
    for (const instance of [...this.attached.keys()]) this.detach(instance);
  }

  /** Intercepts the requests of this axios instance from now on (once, however often called). */
  async attach(instance: AxiosInstance): Promise<void> {
    if (this.attached.has(instance)) return;
    // axios is an optional peer: loaded only when there is an instance to attach to.
    const axios = (await import('axios')).default;
    if (this.attached.has(instance)) return;
    // Synchronous (it is): when every request interceptor is, axios runs them inline instead
    // of through a promise chain per request.
    const id = instance.interceptors.request.use((config) => this.intercept(instance, axios, config), undefined, { synchronous: true });
    this.attached.set(instance, id);
  }

  /** Stops intercepting this instance's requests. */
  detach(instance: AxiosInstance): void {
    const id = this.attached.get(instance);
    if (id === undefined) return;
    instance.interceptors.request.eject(id);
    this.attached.delete(instance);
  }

  private intercept(instance: AxiosInstance, axios: AxiosStatic, config: Marked): InternalAxiosRequestConfig {
    if (config[HANDLED] === true) return config;
    const uri = requestUri(instance, config);
    this.caller.assertInboundTokenNotForwarded(uri, Object.values(config.headers.toJSON()));
    const downstream = this.downstreamFor(uri);
    if (downstream === undefined) return config;
    config[HANDLED] = true;
    const adapter = axios.getAdapter(config.adapter ?? axios.defaults.adapter, config);
    config.adapter = (sent) => this.send(axios, adapter, downstream, sent);
    return config;
  }

  /** The downstream whose base URL covers `uri`, if any; remembered for the URLs called lately. */
  private downstreamFor(uri: string): Downstream | undefined {
    return this.recentMatches.get(uri, this.matchUri) ?? undefined;
  }

  /** The downstream covering `uri`, or null; bound once, so a lookup makes no closure. */
  private readonly matchUri = (uri: string): Downstream | null => (URL.canParse(uri) ? (this.registry.match(new URL(uri)) ?? null) : null);

  private async send(axios: AxiosStatic, adapter: AxiosAdapter, downstream: Downstream, sent: InternalAxiosRequestConfig): Promise<AxiosResponse> {
    const withoutToken = new WeakSet<object>();
    // Each attempt is timed by axios's own `timeout` (a timer and the socket's idle timeout)
    // rather than an abort signal of ours: on a keep-alive call a signal costs axios about 14 %
    // of the call, its timeout 1-3 %. The caller's own timeout still applies when shorter.
    const timeout = sent.timeout !== undefined && sent.timeout > 0 ? Math.min(sent.timeout, downstream.timeoutMs) : downstream.timeoutMs;
    const request: OutboundRequest<AxiosResponse> = {
      method: sent.method ?? 'get',
      replayable: !isStream(sent.data),
      // The caller's own signal, left on the config: its abort is not a downstream failure.
      signal: sent.signal instanceof AbortSignal ? sent.signal : undefined,
      timeout: 'client',
      send: async (authorization) => {
        let dropped = false;
        const response = await adapter({
          ...sent,
          // A copy: the caller's config (kept on the response and on errors) never holds the token.
          headers: new axios.AxiosHeaders(sent.headers).set('Authorization', authorization),
          validateStatus: null,
          timeout,
          beforeRedirect: redirectGuard(downstream, sent.beforeRedirect as BeforeRedirect | undefined, () => (dropped = true)),
        });
        if (dropped) withoutToken.add(response);
        return response;
      },
      isTimeout: (error) => axios.isAxiosError(error) && (error.code === axios.AxiosError.ECONNABORTED || error.code === axios.AxiosError.ETIMEDOUT),
      header: (response, name) => headerValue((response.headers as Record<string, unknown>)[name]),
      carriedToken: (response) => !withoutToken.has(response),
    };
    let response: AxiosResponse;
    try {
      response = await this.caller.call(downstream, request);
    } catch (error) {
      throw axios.isAxiosError(error) ? scrubbedOfToken(error, sent) : error;
    }
    response.config = sent;
    hide(response, 'request');
    if (sent.validateStatus === undefined || sent.validateStatus === null || sent.validateStatus(response.status)) return response;
    const code = response.status >= 400 && response.status < 500 ? axios.AxiosError.ERR_BAD_REQUEST : axios.AxiosError.ERR_BAD_RESPONSE;
    // No `request`: Node's request object keeps the headers it sent, our token among them.
    throw new axios.AxiosError(`Request failed with status code ${response.status}`, code, sent, undefined, { ...response, request: undefined });
  }
}

/** What `@nestjs/axios`'s `HttpService` looks like (matched by shape: the package is an optional peer). */
function isHttpService(value: unknown): value is { axiosRef: AxiosInstance } {
  const axiosRef = (value as { axiosRef?: { interceptors?: { request?: { use?: unknown } } } } | null | undefined)?.axiosRef;
  return typeof axiosRef?.interceptors?.request?.use === 'function';
}

/**
 * The request's URL, base URL and params applied, as axios will send it. The usual call (an
 * absolute http(s) URL and no params) is read as it is: `getUri` merges the whole config with
 * the instance's defaults again, a cost per request for the same answer.
 */
function requestUri(instance: AxiosInstance, config: InternalAxiosRequestConfig): string {
  const url = config.url;
  const asGiven = config.params == null && typeof url === 'string' && ABSOLUTE_HTTP_URL.test(url) && (!config.baseURL || config.allowAbsoluteUrls !== false);
  return asGiven ? url : instance.getUri(config);
}

/** Drops the token at a redirect out of the downstream, then runs the caller's own hook. */
function redirectGuard(downstream: Downstream, own: BeforeRedirect | undefined, onDrop: () => void): BeforeRedirect {
  return (options, responseDetails, requestDetails) => {
    const href = options['href'];
    if (typeof href !== 'string' || !URL.canParse(href) || !downstream.covers(new URL(href))) {
      onDrop();
      const headers = options['headers'] as Record<string, unknown> | undefined;
      for (const name of Object.keys(headers ?? {})) {
        if (/^(?:proxy-)?authorization$|^cookie$/i.test(name)) delete headers![name];
      }
    }
    own?.(options, responseDetails, requestDetails);
  };
}

function isStream(data: unknown): boolean {
  if (data === null || typeof data !== 'object') return false;
  return typeof (data as { pipe?: unknown }).pipe === 'function' || data instanceof ReadableStream || Symbol.asyncIterator in data;
}

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return Array.isArray(value) ? value.join(', ') : undefined;
}

/**
 * An axios error of a request sent with our token (a caller's abort), made safe to log or
 * keep (O6): its config becomes the caller's own (no token), and Node's request objects, which
 * keep the headers they sent, go.
 */
function scrubbedOfToken(error: AxiosError, sent: InternalAxiosRequestConfig): AxiosError {
  error.config = sent;
  error.request = undefined;
  if (error.response !== undefined) error.response = { ...error.response, config: sent, request: undefined };
  return error;
}

/** Keeps the property but out of `util.inspect`, `JSON.stringify` and object spreads. */
function hide(target: object, key: string): void {
  const value: unknown = (target as Record<string, unknown>)[key];
  Object.defineProperty(target, key, { value, enumerable: false, writable: true, configurable: true });
}
