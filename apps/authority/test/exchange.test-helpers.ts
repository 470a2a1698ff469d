import { TOKEN_EXCHANGE_GRANT_TYPE, TOKEN_TYPES } from '@baton/authority';

/** A token-endpoint answer: status, the headers that matter, and the JSON body. */
export interface TokenEndpointAnswer {
  readonly status: number;
  readonly cacheControl: string | null;
  readonly body: Record<string, unknown>;
}

/** Posts a token-exchange request with HTTP Basic client authentication, as a service would. */
export async function exchange(issuer: string, client: { id: string; secret: string }, parameters: Record<string, string>): Promise<TokenEndpointAnswer> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: TOKEN_EXCHANGE_GRANT_TYPE, subject_token_type: TOKEN_TYPES.accessToken, ...parameters }),
  });
  return { status: response.status, cacheControl: response.headers.get('cache-control'), body: (await response.json()) as Record<string, unknown> };
}
