import { AsyncLocalStorage } from 'node:async_hooks';
import {
  allowInsecureRequests,
  clientCredentialsGrant,
  Configuration,
  customFetch,
  discovery,
  genericGrantRequest,
  type CustomFetch,
  type TokenEndpointResponse,
} from 'openid-client';
import { TokenExchangeFailedError } from '../errors/token-exchange-failed.error.js';
import { classifyAuthorityError } from './classify-authority-error.js';
import { createAuthorityFetch } from './create-authority-fetch.js';
import { createClientAuth } from './create-client-auth.js';
import type { ExchangeRequest } from './exchange-request.js';
import { isAllowedAuthorityUrl } from './is-allowed-authority-url.js';
import type { ResolvedTokenSourceOptions } from './resolve-token-source-options.js';
import { JWT_BEARER_GRANT, TOKEN_EXCHANGE_GRANT } from './token-types.js';

/**
 * The wire side of a `DelegatedTokenSource`, on openid-client 6: the `Configuration` (from
 * discovery, or from the given token endpoint), client authentication, and one grant request
 * per call in the configured dialect. It sends exactly one request per call (plus discovery
 * the first time); retries, timeouts and the breaker are the caller's (see `AuthorityGate`).
 *
 * Errors come out classified (see `classifyAuthorityError`): `AuthorityFault` for outages,
 * `InvalidTokenError` / `TokenExchangeFailedError` for refusals.
 */
export class TokenEndpointClient {
  private configuration: Promise<Configuration> | undefined;
  private readonly attemptSignal = new AsyncLocalStorage<AbortSignal>();
  private requestsInFlight = 0;
  private readonly fetch: CustomFetch;

  constructor(
    private readonly options: ResolvedTokenSourceOptions,
    onRetryAfter: (seconds: number) => void,
  ) {
    this.fetch = createAuthorityFetch({ attemptSignal: this.attemptSignal, timeoutMs: options.timeoutMs, onRetryAfter });
  }

  /**
   * Sends one grant request: RFC 8693 token exchange or Entra ID on-behalf-of when there is a
   * subject token, client credentials otherwise. `signal` aborts it (the attempt's timeout).
   */
  async request(request: ExchangeRequest, signal: AbortSignal): Promise<TokenEndpointResponse> {
    this.requestsInFlight += 1;
    try {
      const config = await this.attemptSignal.run(signal, () => this.getConfiguration());
      const onBehalfOfUser = request.subjectToken !== undefined;
      try {
        return await this.attemptSignal.run(signal, () => this.grant(config, request));
      } catch (error) {
        throw classifyAuthorityError(error, 'grant', onBehalfOfUser);
      }
    } finally {
      this.requestsInFlight -= 1;
      // An enabled AsyncLocalStorage taxes every promise of the process (its store is copied
      // to each one), ~0.2 µs apiece on Node 20: between requests to the authority nothing
      // reads this one, so it is switched off until the next `run`.
      if (this.requestsInFlight === 0) this.attemptSignal.disable();
    }
  }

  private grant(config: Configuration, request: ExchangeRequest): Promise<TokenEndpointResponse> {
    const { dialect } = this.options;
    const parameters = new URLSearchParams();
    if (dialect === 'entra-obo') {
      parameters.set('scope', entraScope(request));
      if (request.subjectToken === undefined) return clientCredentialsGrant(config, parameters);
      parameters.set('assertion', request.subjectToken);
      parameters.set('requested_token_use', 'on_behalf_of');
      return genericGrantRequest(config, JWT_BEARER_GRANT, parameters);
    }
    if (request.audience !== undefined) parameters.set('audience', request.audience);
    if (request.resource !== undefined) parameters.set('resource', request.resource);
    if (request.scopes.length > 0) parameters.set('scope', request.scopes.join(' '));
    if (request.subjectToken === undefined) return clientCredentialsGrant(config, parameters);
    parameters.set('subject_token', request.subjectToken);
    parameters.set('subject_token_type', this.options.subjectTokenType);
    if (request.actorToken !== undefined) {
      parameters.set('actor_token', request.actorToken);
      parameters.set('actor_token_type', this.options.actorTokenType);
    }
    parameters.set('requested_token_type', this.options.requestedTokenType);
    return genericGrantRequest(config, TOKEN_EXCHANGE_GRANT, parameters);
  }

  /** The openid-client configuration, made once; a failure is not kept, the next call tries again. */
  private getConfiguration(): Promise<Configuration> {
    this.configuration ??= this.createConfiguration().catch((error: unknown) => {
      this.configuration = undefined;
      throw classifyAuthorityError(error, 'metadata', false);
    });
    return this.configuration;
  }

  private async createConfiguration(): Promise<Configuration> {
    const { authority, issuer, tokenEndpoint, client, dialect, allowInsecureHttp } = this.options;
    let config: Configuration | undefined;
    const auth = await createClientAuth(client, dialect, () => String(config?.serverMetadata().token_endpoint));
    if (tokenEndpoint !== undefined) {
      config = new Configuration({ issuer, token_endpoint: tokenEndpoint.href }, client.id, {}, auth);
      config[customFetch] = this.fetch;
      if (allowInsecureHttp) allowInsecureRequests(config);
      return config;
    }
    const execute = allowInsecureHttp ? [allowInsecureRequests] : [];
    try {
      config = await discovery(authority, client.id, {}, auth, { [customFetch]: this.fetch, execute, algorithm: 'oidc' });
    } catch (error) {
      // Not an OpenID provider? Try RFC 8414 metadata before giving up (outages are not retried here).
      if (classifyAuthorityError(error, 'metadata', false) instanceof TokenExchangeFailedError) {
        config = await discovery(authority, client.id, {}, auth, { [customFetch]: this.fetch, execute, algorithm: 'oauth2' }).catch(() => {
          throw error;
        });
      } else {
        throw error;
      }
    }
    const endpoint = config.serverMetadata().token_endpoint;
    if (typeof endpoint !== 'string' || !URL.canParse(endpoint) || !isAllowedAuthorityUrl(new URL(endpoint), allowInsecureHttp)) {
      throw new TokenExchangeFailedError('ERR_EXCHANGE_METADATA', { cause: new Error('The authority\'s metadata names no usable token_endpoint') });
    }
    return config;
  }
}

/** Entra ID wants `scope` (e.g. `api://discount/.default`); without scopes, `<audience>/.default`. */
function entraScope(request: ExchangeRequest): string {
  return request.scopes.length > 0 ? request.scopes.join(' ') : `${request.audience}/.default`;
}
