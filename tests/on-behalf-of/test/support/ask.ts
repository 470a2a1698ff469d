/** The parts of an answer of the shop the specs compare exactly. */
export interface Answer {
  readonly status: number;
  readonly wwwAuthenticate: string | null;
  readonly retryAfter: string | null;
  readonly body: unknown;
}

/** GETs `url` with `Authorization: Bearer <token>` (none without a token) and reads the answer. */
export async function ask(url: string, token?: string): Promise<Answer> {
  const response = await fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text.
  }
  return { status: response.status, wwwAuthenticate: response.headers.get('www-authenticate'), retryAfter: response.headers.get('retry-after'), body };
}

/** The answer of a handler that returned a downstream's answer (`{ status, body }`), with that body parsed. */
export function downstreamAnswer(answer: Answer): { status: number; body: unknown } {
  const seen = answer.body as { status: number; body: string };
  return { status: seen.status, body: JSON.parse(seen.body) as unknown };
}

/** 401 `invalid_token` because the authority refused to exchange the inbound token (O4). */
export const EXCHANGE_REFUSED: Answer = {
  status: 401,
  wwwAuthenticate: 'Bearer error="invalid_token", error_description="The authorization server refused to exchange the access token"',
  retryAfter: null,
  body: { error: 'invalid_token', error_description: 'The authorization server refused to exchange the access token' },
};

/** 503 + `Retry-After` because the authority cannot be used (O5). */
export function authorityUnavailable(retryAfter: number): Answer {
  return {
    status: 503,
    wwwAuthenticate: null,
    retryAfter: String(retryAfter),
    body: { error: 'temporarily_unavailable', error_description: 'The authorization server is temporarily unavailable' },
  };
}

/** 502: the authority refused this service (its client, target or scope), which the caller cannot fix. */
export const SERVICE_REFUSED: Answer = {
  status: 502,
  wwwAuthenticate: null,
  retryAfter: null,
  body: { error: 'server_error', error_description: 'The service could not obtain a token for a downstream service' },
};

/** 500: application code tried to send the inbound token out (O1). */
export const FORWARDING_STOPPED: Answer = {
  status: 500,
  wwwAuthenticate: null,
  retryAfter: null,
  body: { error: 'server_error', error_description: 'The service tried to forward its inbound access token' },
};
