import { Inject, Injectable } from '@nestjs/common';
import type { Session, SessionData } from 'express-session';
import type { StorefrontApi, WebConfig } from '../config/web-config.js';
import { WEB_CONFIG } from '../config/web-config.token.js';
import { SignInRequiredError } from '../errors/sign-in-required.error.js';
import { AuthorityClient } from './authority.client.js';
import { SessionTokenStore } from './session-token.store.js';
import type { ApiAccessToken, SessionTokens } from './storefront-session.js';

/** The session of one request, as express-session types it. */
export type StorefrontSession = Session & Partial<SessionData>;

/**
 * Hands out the signed-in person's access token for one API, from the session while it is valid,
 * otherwise a fresh one from the refresh-token grant with that API's resource (one audience per
 * token). Concurrent requests of one session that need the same renewal share it, so a rotated
 * refresh token is never used twice; tokens live in the {@link SessionTokenStore}, shared by all
 * requests of a session.
 *
 * @example
 * ```ts
 * const token = await apiTokens.accessTokenFor(req.session, 'eventcatalog', '/');
 * ```
 */
@Injectable()
export class ApiTokensService {
  private readonly renewals = new Map<string, Promise<ApiAccessToken>>();

  constructor(
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
    private readonly authority: AuthorityClient,
    private readonly store: SessionTokenStore,
  ) {}

  /**
   * The access token for `api`. Throws {@link SignInRequiredError} (with `returnTo`) when no one
   * is signed in or the authority no longer honours the refresh token.
   */
  async accessTokenFor(session: StorefrontSession, api: StorefrontApi, returnTo: string): Promise<string> {
    const tokensKey = session.tokensKey;
    const tokens = this.store.get(tokensKey);
    if (!session.user || !tokensKey || !tokens) {
      this.signOut(session);
      throw new SignInRequiredError(returnTo);
    }
    const current = tokens.api[api];
    if (current && current.expiresAt > Date.now()) return current.accessToken;
    const key = `${tokensKey}:${api}`;
    let renewal = this.renewals.get(key);
    if (!renewal) {
      renewal = this.renew(session, tokens, api, returnTo).finally(() => this.renewals.delete(key));
      this.renewals.set(key, renewal);
    }
    return (await renewal).accessToken;
  }

  /** Forgets the session's tokens and who is signed in. */
  signOut(session: StorefrontSession): void {
    this.store.delete(session.tokensKey);
    delete session.tokensKey;
    delete session.user;
  }

  private async renew(session: StorefrontSession, tokens: SessionTokens, api: StorefrontApi, returnTo: string): Promise<ApiAccessToken> {
    try {
      const fresh = await this.authority.tokenFor(tokens.refreshToken, this.config.apis[api], returnTo);
      if (fresh.refreshToken) tokens.refreshToken = fresh.refreshToken;
      const token: ApiAccessToken = { accessToken: fresh.accessToken, expiresAt: fresh.expiresAt };
      tokens.api[api] = token;
      return token;
    } catch (error) {
      if (error instanceof SignInRequiredError) this.signOut(session);
      throw error;
    }
  }
}
