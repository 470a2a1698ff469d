import { Inject, Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { ApiTokenRequest, WebConfig } from '../config/web-config.js';
import { WEB_CONFIG } from '../config/web-config.token.js';
import { AuthorityUnavailableError } from '../errors/authority-unavailable.error.js';
import { SignInFailedError } from '../errors/sign-in-failed.error.js';
import { SignInRequiredError } from '../errors/sign-in-required.error.js';
import type { AuthorityTokens } from './authority-tokens.js';
import type { PendingSignIn } from './storefront-session.js';

/** Access tokens are renewed this long before they expire, so none expires on its way to an API. */
const EXPIRY_MARGIN_MS = 10_000;

/**
 * The storefront as a confidential OpenID Connect client of the authority (openid-client 6):
 * authorization code + PKCE + state + nonce at sign-in, then one access token per API through
 * the refresh-token grant with an RFC 8707 `resource`.
 *
 * Discovery is lazy and retried after a failure, so the storefront may start before the authority.
 * Nothing here logs or rethrows a token or the client secret.
 *
 * @example
 * ```ts
 * const { url, pending } = await authority.startSignIn('/basket');
 * // …the browser comes back to /auth/callback…
 * const tokens = await authority.finishSignIn(callbackUrl, pending, 'shoppingbasket');
 * ```
 */
@Injectable()
export class AuthorityClient {
  private readonly logger = new Logger('AuthorityClient');
  private configuration?: Promise<oidc.Configuration>;

  constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {}

  /** The redirect URI registered for the storefront. */
  get redirectUri(): string {
    return `${this.config.webUrl}/auth/callback`;
  }

  /** Builds the authorization request and the values the callback must check. */
  async startSignIn(returnTo: string): Promise<{ url: URL; pending: PendingSignIn }> {
    const configuration = await this.discover();
    const pending: PendingSignIn = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo,
    };
    const parameters = new URLSearchParams({
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: this.config.signInScope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      // oidc-provider drops offline_access (no refresh token) unless consent is asked for.
      prompt: 'consent',
    });
    for (const api of Object.values(this.config.apis)) parameters.append('resource', api.resource);
    return { url: oidc.buildAuthorizationUrl(configuration, parameters), pending };
  }

  /**
   * Redeems the authorization code of `callbackUrl` (checking state, nonce and PKCE) for the
   * refresh token, the ID token and a first access token for `firstApi`.
   */
  async finishSignIn(callbackUrl: URL, pending: PendingSignIn, firstApi: ApiTokenRequest): Promise<AuthorityTokens & { refreshToken: string }> {
    const configuration = await this.discover();
    let response: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      response = await oidc.authorizationCodeGrant(
        configuration,
        callbackUrl,
        { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true },
        { resource: firstApi.resource },
      );
    } catch (error) {
      throw this.signInError(error);
    }
    const tokens = this.tokensOf(response);
    const claims = response.claims();
    if (!tokens.refreshToken || !claims) {
      this.logger.error('The authority issued no refresh token or no ID token: check the web client (grant types, offline_access).');
      throw new SignInFailedError('the authority did not issue the tokens the storefront needs');
    }
    const name = typeof claims.name === 'string' ? claims.name : undefined;
    return { ...tokens, refreshToken: tokens.refreshToken, user: { sub: claims.sub, ...(name ? { name } : {}) } };
  }

  /** A fresh access token for one API (its audience only) from the refresh token. */
  async tokenFor(refreshToken: string, api: ApiTokenRequest, returnTo: string): Promise<AuthorityTokens> {
    const configuration = await this.discover();
    try {
      return this.tokensOf(await oidc.refreshTokenGrant(configuration, refreshToken, { resource: api.resource, scope: api.scope }));
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError && error.error === 'invalid_grant') throw new SignInRequiredError(returnTo);
      this.logger.error(`Refresh token grant for ${api.resource} failed: ${describe(error)}`);
      throw new AuthorityUnavailableError();
    }
  }

  /**
   * Where to send the browser so the authority ends its session too (RP-initiated logout), or
   * `undefined` when the authority has no end-session endpoint or cannot be reached.
   */
  async signOutUrl(idToken: string | undefined): Promise<URL | undefined> {
    let configuration: oidc.Configuration;
    try {
      configuration = await this.discover();
    } catch {
      return undefined;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return oidc.buildEndSessionUrl(configuration, {
      client_id: this.config.clientId,
      post_logout_redirect_uri: `${this.config.webUrl}/`,
      ...(idToken ? { id_token_hint: idToken } : {}),
    });
  }

  private tokensOf(response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers): AuthorityTokens {
    const expiresIn = response.expiresIn() ?? 60;
    return {
      accessToken: response.access_token,
      expiresAt: Date.now() + expiresIn * 1000 - EXPIRY_MARGIN_MS,
      ...(response.refresh_token ? { refreshToken: response.refresh_token } : {}),
      ...(response.id_token ? { idToken: response.id_token } : {}),
    };
  }

  private signInError(error: unknown): Error {
    if (error instanceof oidc.AuthorizationResponseError) {
      return new SignInFailedError(error.error === 'access_denied' ? 'access was denied at the authority' : 'the authority refused the request');
    }
    if (error instanceof oidc.ResponseBodyError) {
      this.logger.warn(`Authorization code grant refused: ${error.error}`);
      return new SignInFailedError('the authority refused the authorization code');
    }
    if (error instanceof oidc.ClientError) {
      this.logger.warn(`Sign-in response rejected: ${error.code ?? 'client error'}`);
      return new SignInFailedError('the answer from the authority did not match this sign-in');
    }
    this.logger.error(`Authorization code grant failed: ${describe(error)}`);
    return new AuthorityUnavailableError();
  }

  private discover(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(new URL(this.config.authorityUrl), this.config.clientId, undefined, oidc.ClientSecretBasic(this.config.clientSecret), {
        // Plain http only for the loopback demo authority: checkWebConfig refuses it for any other host.
        execute: this.config.allowInsecureHttp ? [oidc.allowInsecureRequests] : [],
        timeout: Math.ceil((this.config.requestTimeoutMs ?? 5000) / 1000),
      })
      .catch((error: unknown) => {
        this.configuration = undefined;
        this.logger.error(`Discovery at ${this.config.authorityUrl} failed: ${describe(error)}`);
        throw new AuthorityUnavailableError();
      });
    return this.configuration;
  }
}

/** An error's class and code for the log; never its message, which may quote a server's answer. */
function describe(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError) return `${error.name} ${error.status} ${error.error}`;
  if (error instanceof Error) return `${error.name}${'code' in error && typeof error.code === 'string' ? ` ${error.code}` : ''}`;
  return 'unknown error';
}
