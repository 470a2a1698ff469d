import { Controller, Get, Inject, Logger, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { InteractionDetails, InteractionResults } from 'oidc-provider';
import { AuthorityRuntime } from '../app/authority-runtime.js';
import { AUTHORITY_RUNTIME } from '../app/authority-runtime.token.js';
import { loginPage } from '../pages/login.page.js';
import { messagePage } from '../pages/message.page.js';
import { PAGE_SECURITY_HEADERS } from '../pages/page-security-headers.js';
import { grantFirstPartyConsent } from './grant-first-party-consent.js';

const WRONG_CREDENTIALS = 'Wrong username or password.';
const MAX_FIELD_LENGTH = 256;

function field(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.slice(0, MAX_FIELD_LENGTH) : '';
}

/**
 * The authority's own interaction pages (oidc-provider's `interactions.url` points here):
 *
 * - `GET /interaction/:uid` — the login form, or, for the consent prompt, consent granted at
 *   once for a first-party client (every demo client is one) and refused for any other;
 * - `POST /interaction/:uid/login` — checks the password (scrypt) and finishes the login;
 *   a wrong one shows the form again with 401;
 * - `POST /interaction/:uid/abort` — the person cancelled: `access_denied` to the client.
 *
 * oidc-provider binds each interaction to a cookie it set for `/interaction/<uid>`; a request
 * without it, or for another uid, is refused, which also protects the forms from cross-site
 * posting.
 *
 * @example
 * ```sh
 * # reached by following the authorization request's redirect in a browser
 * open 'http://localhost:4000/auth?client_id=web&…'
 * ```
 */
@Controller('interaction')
export class InteractionController {
  private readonly logger = new Logger('Interaction');

  constructor(@Inject(AUTHORITY_RUNTIME) private readonly runtime: AuthorityRuntime) {}

  @Get(':uid')
  async show(@Param('uid') uid: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const details = await this.details(uid, request, response);
    if (!details) return;
    if (details.prompt.name === 'login') {
      this.page(response, 200, this.loginForm(details));
      return;
    }
    if (details.prompt.name === 'consent') {
      const client = this.runtime.client(details.params.client_id);
      if (!client?.firstParty) {
        await this.finish(request, response, { error: 'access_denied', error_description: 'Only first-party clients are supported by this authority.' });
        return;
      }
      await this.finish(request, response, async () => ({ consent: { grantId: await grantFirstPartyConsent(this.runtime.provider, details) } }), true);
      return;
    }
    this.page(response, 400, messagePage('Cannot continue', 'This sign-in step is not supported. Start again from the application.'));
  }

  @Post(':uid/login')
  async login(@Param('uid') uid: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const details = await this.details(uid, request, response);
    if (!details) return;
    if (details.prompt.name !== 'login') {
      this.page(response, 400, messagePage('Cannot continue', 'This sign-in was already completed. Start again from the application.'));
      return;
    }
    const username = field(request.body, 'username').trim();
    const password = field(request.body, 'password');
    const user = username && password ? await this.runtime.users.authenticate(username, password) : undefined;
    if (!user) {
      this.logger.warn(`Failed sign-in at ${this.runtime.authorityName} (${username ? 'wrong credentials' : 'empty form'})`);
      this.page(response, 401, this.loginForm(details, username, WRONG_CREDENTIALS));
      return;
    }
    await this.finish(request, response, { login: { accountId: user.sub, amr: ['pwd'] } });
  }

  @Post(':uid/abort')
  async abort(@Param('uid') uid: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const details = await this.details(uid, request, response);
    if (!details) return;
    await this.finish(request, response, { error: 'access_denied', error_description: 'The person cancelled the sign-in.' });
  }

  /**
   * Hands the interaction's result back to oidc-provider (a 303 to `/auth/<uid>`). If the
   * interaction expired meanwhile, the person gets the "start again" page, not a 500.
   */
  private async finish(
    request: Request,
    response: Response,
    result: InteractionResults | (() => Promise<InteractionResults>),
    mergeWithLastSubmission = false,
  ): Promise<void> {
    try {
      const value = typeof result === 'function' ? await result() : result;
      await this.runtime.provider.interactionFinished(request, response, value, { mergeWithLastSubmission });
    } catch {
      if (!response.headersSent) this.page(response, 400, messagePage('Sign-in expired', 'This sign-in is unknown or has expired. Start again from the application.'));
    }
  }

  private loginForm(details: InteractionDetails, username?: string, error?: string): string {
    const client = this.runtime.client(details.params.client_id);
    const clientName = typeof client?.metadata.client_name === 'string' ? client.metadata.client_name : String(details.params.client_id ?? 'An application');
    return loginPage({ uid: details.uid, authorityName: this.runtime.authorityName, clientName, ...(username ? { username } : {}), ...(error ? { error } : {}) });
  }

  /** The interaction for this uid, or `undefined` after answering with an error page. */
  private async details(uid: string, request: Request, response: Response): Promise<InteractionDetails | undefined> {
    if (!this.runtime.ready) {
      this.page(response, 503, messagePage('Starting', 'The authority is starting. Try again in a moment.'));
      return undefined;
    }
    let details: InteractionDetails;
    try {
      details = await this.runtime.provider.interactionDetails(request, response);
    } catch {
      this.page(response, 400, messagePage('Sign-in expired', 'This sign-in is unknown or has expired. Start again from the application.'));
      return undefined;
    }
    if (details.uid !== uid) {
      this.page(response, 400, messagePage('Sign-in expired', 'This page belongs to another sign-in. Start again from the application.'));
      return undefined;
    }
    return details;
  }

  private page(response: Response, status: number, body: string): void {
    response.status(status).set(PAGE_SECURITY_HEADERS).type('html').send(body);
  }
}
