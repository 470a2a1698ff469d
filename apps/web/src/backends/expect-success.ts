import { ApiCallFailedError } from '../errors/api-call-failed.error.js';
import type { ApiAnswer } from './api-answer.js';

/**
 * The answer's body if its status is 2xx, otherwise an {@link ApiCallFailedError} naming the API,
 * the status and the OAuth `error` code of the body (if it has one).
 *
 * @example
 * ```ts
 * const events = expectSuccess('eventcatalog', answer);
 * ```
 */
export function expectSuccess(api: string, answer: ApiAnswer): unknown {
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  const body = answer.body;
  const error = typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : undefined;
  throw new ApiCallFailedError(api, answer.status, error && /^[\w.-]{1,64}$/.test(error) ? error : undefined);
}
