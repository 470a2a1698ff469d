import type { AsyncLocalStorage } from 'node:async_hooks';
import type { CustomFetch } from 'openid-client';
import { AuthorityFault } from './authority-fault.js';
import { parseRetryAfter } from './parse-retry-after.js';

/** Settings of {@link createAuthorityFetch}. */
export interface AuthorityFetchOptions {
  /** Holds the abort signal of the exchange in progress (cockatiel's timeout), if any. */
  readonly attemptSignal: AsyncLocalStorage<AbortSignal>;
  /** Longest wait for one request, in ms (also covers discovery, which runs outside an attempt). */
  readonly timeoutMs: number;
  /** Told about every 429/5xx `Retry-After`, in seconds. */
  readonly onRetryAfter: (seconds: number) => void;
}

/**
 * The fetch openid-client uses for every request to the authority. It adds the timeout (and
 * the attempt's abort signal, so a cockatiel timeout really closes the connection), and turns
 * what is an outage rather than an OAuth answer into an {@link AuthorityFault} before
 * openid-client parses anything: a network failure, a timeout, 429 and 5xx. A `Retry-After`
 * on those is reported to `onRetryAfter`. Redirects are not followed (openid-client asks for
 * `redirect: 'manual'`).
 */
export function createAuthorityFetch(options: AuthorityFetchOptions): CustomFetch {
  return async (url, init) => {
    const signals = [AbortSignal.timeout(options.timeoutMs)];
    if (init.signal !== undefined) signals.push(init.signal);
    const attempt = options.attemptSignal.getStore();
    if (attempt !== undefined) signals.push(attempt);
    const signal = AbortSignal.any(signals);
    let response: Response;
    try {
      response = await fetch(url, { ...init, body: init.body as RequestInit['body'], signal });
    } catch (error) {
      if (signal.aborted) throw new AuthorityFault('timeout');
      throw new AuthorityFault('network', { code: networkCode(error) });
    }
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
      await response.body?.cancel().catch(() => undefined);
      if (retryAfter !== undefined) options.onRetryAfter(retryAfter);
      throw new AuthorityFault('status', { status: response.status, retryAfter });
    }
    return response;
  };
}

/** A system error code such as `ECONNREFUSED` (safe to show), if the failure has one. */
function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? code : undefined;
}
