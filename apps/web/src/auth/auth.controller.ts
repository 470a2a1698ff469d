import { Controller, Get, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { WebConfig } from '../config/web-config.js';
import { WEB_CONFIG } from '../config/web-config.token.js';
import { SignInFailedError } from '../errors/sign-in-failed.error.js';
import { ApiTokensService } from './api-tokens.service.js';
import { AuthorityClient } from './authority.client.js';
import { FormTokenGuard } from './form-token.guard.js';
import { localPath } from './local-path.js';
import { destroySession, regenerateSession } from './session-actions.js';
import { SessionTokenStore } from './session-token.store.js';

/** The name of the storefront's session cookie. */
export const SESSION_COOKIE = 'globoticket.sid';

/**
 * Sign in (authorization code + PKCE at the authority), the redirect URI, and sign out.
 *
 * @example
 * ```txt
 * GET  /auth/login?returnTo=/basket → 302 to the authority
 * GET  /auth/callback?code=…&state=… → 303 to returnTo, signed in
 * POST /auth/logout → 303 to the authority's end-session page, which comes back to /
 * ```
 */
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
    private readonly authority: AuthorityClient,
    private readonly store: SessionTokenStore,
    private readonly apiTokens: ApiTokensService,
  ) {}

  @Get('login')
  async login(@Query('returnTo') returnTo: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { url, pending } = await this.authority.startSignIn(localPath(returnTo));
    request.session.pendingSignIn = pending;
    response.redirect(302, url.href);
  }

  @Get('callback')
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const pending = request.session.pendingSignIn;
    if (!pending) throw new SignInFailedError('no sign-in was in progress in this browser (or it expired)');
    delete request.session.pendingSignIn;
    // The URL the authority redirected to, rebuilt on the public base URL the redirect URI uses.
    const callbackUrl = new URL(request.originalUrl, this.config.webUrl);
    const signedIn = await this.authority.finishSignIn(callbackUrl, pending, this.config.apis.shoppingbasket);
    this.apiTokens.signOut(request.session);
    await regenerateSession(request);
    request.session.user = signedIn.user ?? { sub: 'unknown' };
    request.session.formToken = randomBytes(24).toString('base64url');
    request.session.tokensKey = this.store.create({
      refreshToken: signedIn.refreshToken,
      ...(signedIn.idToken ? { idToken: signedIn.idToken } : {}),
      api: { shoppingbasket: { accessToken: signedIn.accessToken, expiresAt: signedIn.expiresAt } },
    });
    response.redirect(303, pending.returnTo);
  }

  @Post('logout')
  @UseGuards(FormTokenGuard)
  async logout(@Req() request: Request, @Res() response: Response): Promise<void> {
    // The storefront forgets the tokens first: even if the person stops at the authority's page,
    // they are signed out here.
    const signOutUrl = await this.authority.signOutUrl(this.store.get(request.session.tokensKey)?.idToken);
    this.apiTokens.signOut(request.session);
    await destroySession(request);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
    response.redirect(303, signOutUrl?.href ?? '/');
  }
}
