import { Injectable } from '@nestjs/common';
import { discardResponse } from './discard-response.js';
import { globalFetchDispatcher, HeadersTimeoutDispatcher, isFetchTimeout, type FetchDispatcher } from './headers-timeout-dispatcher.js';
import { DownstreamRegistry } from './downstream.registry.js';
import type { Downstream } from './downstream.js';
import { DownstreamCaller } from './downstream.caller.js';
import type { OutboundRequest } from './outbound-request.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that never follow a redirect out of the downstream. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

/**
 * A fetch-based client for the configured downstreams. Each call gets a token obtained for its
 * downstream, on behalf of the user of the current request (or, where the downstream allows
 * it, as this service when there is no user); the inbound token is never sent.
 *
 * Redirects are followed here, not by fetch, at most `maxRedirects` times: the token goes only
 * to hops under the downstream's base URL, and is dropped for good at the first hop outside it.
 * Answers are those of fetch, except a downstream refusing the token (`401`, after one new
 * exchange) or its scope (`403 insufficient_scope`), and a downstream that cannot be reached,
 * which throw `DownstreamTokenRejectedError`, `DownstreamForbiddenError` and
 * `DownstreamUnavailableError`.
 *
 * @example
 * ```ts
 * @Controller('checkout')
 * export class CheckoutController {
 *   constructor(private readonly downstreams: DownstreamClient) {}
 *
 *   @Post() @RequireScope('shoppingbasket.fullaccess')
 *   async checkout() {
 *     const coupon = await this.downstreams.fetch('discount', '/coupons/mine');
 *     return coupon.json();
 *   }
 * }
 * ```
 */
@Injectable()
export class DownstreamClient {
  constructor(
    private readonly registry: DownstreamRegistry,
    private readonly caller: DownstreamCaller,
  ) {}

  /**
   * Fetches `path` (relative to the downstream's base URL, query included) from the downstream
   * named `downstream`. A `TypeError` for an unknown name or a path that leaves the base URL.
   */
  fetch(downstream: string, path: string, init: RequestInit = {}): Promise<Response> {
    // Not async (one promise less per call); errors still come as a rejected promise.
    try {
      const target = this.registry.get(downstream);
      return this.send(target, target.urlFor(path), init);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * A drop-in for the global `fetch` (give it to generated API clients): URLs under a
   * configured downstream get that downstream's token, any other URL goes out untouched,
   * with no token.
   */
  async fetchUrl(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const url = new URL(input);
    const target = this.registry.match(url);
    if (target === undefined) {
      this.caller.assertInboundTokenNotForwarded(url.href, new Headers(init.headers).values());
      return fetch(url, init);
    }
    return this.send(target, url, init);
  }

  /** Throws synchronously for a forwarded inbound token: callers turn it into a rejection. */
  private send(downstream: Downstream, url: URL, init: RequestInit): Promise<Response> {
    // No headers of the caller's (the usual call): no Headers object to build, check and copy.
    const headers = init.headers === undefined ? undefined : new Headers(init.headers);
    this.caller.assertInboundTokenNotForwarded(url.href, headers === undefined ? [] : headers.values());
    headers?.delete('authorization');
    const withoutToken = new WeakSet<Response>();
    // The downstream's timeout by undici itself when a dispatcher can be reached (the usual
    // case), else by an abort signal per attempt.
    const given = (init as { dispatcher?: FetchDispatcher }).dispatcher;
    const dispatcher = given !== undefined ? new HeadersTimeoutDispatcher(downstream.timeoutMs, given) : globalFetchDispatcher() === undefined ? undefined : downstream.fetchDispatcher;
    const request: OutboundRequest<Response> = {
      method: init.method ?? 'GET',
      replayable: isReplayable(init.body),
      signal: init.signal ?? undefined,
      timeout: dispatcher === undefined ? 'signal' : 'client',
      send: (authorization, signal) => followRedirects(downstream, url, init, headers, authorization, signal, dispatcher, withoutToken),
      header: (response, name) => response.headers.get(name) ?? undefined,
      carriedToken: (response) => !withoutToken.has(response),
      isTimeout: isFetchTimeout,
    };
    return this.caller.call(downstream, request);
  }
}

/**
 * One delegated fetch, redirects included. Hand-written because fetch's own following keeps
 * the `Authorization` header on any same-origin hop, and our rule is narrower: the base path.
 */
async function followRedirects(
  downstream: Downstream,
  start: URL,
  init: RequestInit,
  baseHeaders: Headers | undefined,
  authorization: string,
  signal: AbortSignal | undefined,
  timedDispatcher: HeadersTimeoutDispatcher | undefined,
  withoutToken: WeakSet<Response>,
): Promise<Response> {
  const mode = init.redirect ?? 'follow';
  // Typed as undici's full Dispatcher; fetch only ever calls its `dispatch`. Without one, the
  // caller gave none either (it would have been wrapped), and fetch uses the global one.
  const dispatcher = timedDispatcher as RequestInit['dispatcher'];
  // A plain record until a redirect needs headers to edit.
  let headers: Headers | { authorization: string } = baseHeaders === undefined ? { authorization } : new Headers(baseHeaders);
  if (headers instanceof Headers) headers.set('authorization', authorization);
  let carriesToken = true;
  let url = start;
  let method = (init.method ?? 'GET').toUpperCase();
  let body = init.body;
  for (let hops = 0; ; hops += 1) {
    // Only what differs from the caller's init: fetch converts and checks every field given.
    const hop: RequestInit = { ...init, headers, redirect: 'manual' };
    if (method !== init.method && (init.method !== undefined || method !== 'GET')) hop.method = method;
    if (body !== init.body) hop.body = body ?? null;
    if (signal !== init.signal) hop.signal = signal ?? null;
    if (dispatcher !== undefined) hop.dispatcher = dispatcher;
    const response = await fetch(url, hop);
    if (!carriesToken) withoutToken.add(response);
    if (!REDIRECTS.has(response.status)) return response;
    const location = response.headers.get('location');
    if (location === null || mode === 'manual') return response;
    discardResponse(response);
    if (!(headers instanceof Headers)) headers = new Headers(headers);
    if (mode === 'error') throw new TypeError(`Downstream "${downstream.name}" answered with a redirect and redirect is "error".`);
    if (hops >= downstream.maxRedirects) throw new TypeError(`Downstream "${downstream.name}" redirected more than ${downstream.maxRedirects} times.`);
    const next = new URL(location, url);
    if (next.protocol !== 'https:' && next.protocol !== 'http:') throw new TypeError(`Downstream "${downstream.name}" redirected to a non-http URL.`);
    // RFC 9110 §15.4: 303 turns any method but HEAD into GET; 301 and 302 do so for POST.
    if ((response.status === 303 && method !== 'GET' && method !== 'HEAD') || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      for (const name of [...headers.keys()]) if (name.startsWith('content-')) headers.delete(name);
    } else if (body !== undefined && body !== null && !isReplayable(body)) {
      throw new TypeError(`Downstream "${downstream.name}" redirected a request whose streamed body cannot be sent again.`);
    }
    if (!downstream.covers(next)) {
      for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      carriesToken = false;
    }
    url = next;
  }
}

/** A body fetch can send twice: none, text, bytes, a blob, a form; not a stream. */
function isReplayable(body: RequestInit['body']): boolean {
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof URLSearchParams ||
    body instanceof Blob ||
    body instanceof FormData
  );
}
