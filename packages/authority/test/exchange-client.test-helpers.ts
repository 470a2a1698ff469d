import { TOKEN_EXCHANGE_GRANT_TYPE, TOKEN_TYPES } from '@baton/authority';
import * as client from 'openid-client';
import type { TestAuthority } from './test-authority.test-helpers.js';

/** What the token endpoint answered, as seen on the wire. */
export interface ExchangeOutcome {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
  /** What openid-client made of it: the token response, or the error it threw. */
  readonly result: client.TokenEndpointResponse | undefined;
  readonly error: unknown;
}

/** An RFC 8693 client built with openid-client 6, as a user of the authority would. */
export interface ExchangeClient {
  /** Sends a token-exchange request with these parameters (repeat a name with an array). */
  exchange(parameters: Record<string, string | readonly string[] | undefined>): Promise<ExchangeOutcome>;
  /** Sends a grant request of another type (client_credentials…). */
  grant(grantType: string, parameters: Record<string, string>): Promise<ExchangeOutcome>;
}

/**
 * Discovers the test authority and returns a client authenticating with `client_secret_basic`
 * (or `post`). Plain http is allowed explicitly, for 127.0.0.1 only.
 */
export async function exchangeClient(
  authority: TestAuthority,
  clientId: string,
  options: { auth?: 'basic' | 'post' | 'none'; secret?: string } = {},
): Promise<ExchangeClient> {
  const secret = options.secret ?? authority.secrets[clientId] ?? 'no-secret';
  const auth = options.auth === 'none' ? client.None() : options.auth === 'post' ? client.ClientSecretPost(secret) : client.ClientSecretBasic(secret);
  const config = await client.discovery(new URL(authority.issuer), clientId, undefined, auth, { execute: [client.allowInsecureRequests] });
  const recorder: { last?: { status: number; headers: Headers; body: Record<string, unknown> } } = {};
  config[client.customFetch] = async (url, init) => {
    const response = await fetch(url, init as RequestInit);
    const text = await response.clone().text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { unparsed: text.slice(0, 200) };
    }
    recorder.last = { status: response.status, headers: response.headers, body };
    return response;
  };

  const send = async (grantType: string, params: URLSearchParams): Promise<ExchangeOutcome> => {
    delete recorder.last;
    let result: client.TokenEndpointResponse | undefined;
    let error: unknown;
    try {
      result = await client.genericGrantRequest(config, grantType, params);
    } catch (caught) {
      error = caught;
    }
    const last = recorded(recorder);
    if (last === undefined) throw new Error('no response recorded', { cause: error });
    return { ...last, result, error };
  };

  return {
    exchange(parameters) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(parameters)) {
        if (value === undefined) continue;
        for (const entry of typeof value === 'string' ? [value] : value) params.append(name, entry);
      }
      return send(TOKEN_EXCHANGE_GRANT_TYPE, params);
    },
    grant(grantType, parameters) {
      return send(grantType, new URLSearchParams(parameters));
    },
  };
}

/** The usual parameters of an exchange of `subjectToken` toward `audience`. */
export function exchangeOf(subjectToken: string, audience = 'discount', extra: Record<string, string | readonly string[] | undefined> = {}) {
  return { subject_token: subjectToken, subject_token_type: TOKEN_TYPES.accessToken, audience, ...extra };
}

/** Read through a function: TypeScript cannot see that the fetch callback filled it in meanwhile. */
function recorded<T>(recorder: { last?: T }): T | undefined {
  return recorder.last;
}

/** What a refusal looked like on the wire: status, OAuth error, Cache-Control. */
export function refusalOf(outcome: ExchangeOutcome): { status: number; error: unknown; cacheControl: string | null } {
  return { status: outcome.status, error: outcome.body['error'], cacheControl: outcome.headers.get('cache-control') };
}
