import type { ObtainedToken } from '@baton/core';
import { Inject, Injectable } from '@nestjs/common';
import { bearerChallenge } from './bearer-challenge.js';
import { discardResponse } from './discard-response.js';
import { DownstreamForbiddenError } from './downstream-forbidden.error.js';
import { DownstreamTokenRejectedError } from './downstream-token-rejected.error.js';
import type { DownstreamTokenSource } from './downstream-token-source.js';
import type { Downstream } from './downstream.js';
import { InboundTokenForwardedError } from './inbound-token-forwarded.error.js';
import { MissingSubjectTokenError } from './missing-subject-token.error.js';
import { DOWNSTREAM_TOKEN_SOURCE } from './on-behalf-of.constants.js';
import { OnBehalfOfContext } from './on-behalf-of.context.js';
import type { OutboundRequest } from './outbound-request.js';

/**
 * The one path every delegated call takes, whatever the HTTP client: pick the subject (the
 * verified inbound token, or none for client credentials when the downstream allows it),
 * obtain a token for the downstream, send, and read the downstream's verdict:
 *
 * - `401` `invalid_token`: the cached token is evicted, a new one obtained, and the request
 *   sent once more; a second refusal, or any other 401, is a {@link DownstreamTokenRejectedError};
 * - `403` `insufficient_scope`: a {@link DownstreamForbiddenError};
 * - anything else is the caller's to read.
 *
 * Errors of the token source (`@baton/core` errors: 401 when the authority refuses the subject
 * token, 503 when it is down) pass through untouched, and the downstream is not called.
 */
@Injectable()
export class DownstreamCaller {
  constructor(
    @Inject(DOWNSTREAM_TOKEN_SOURCE) private readonly source: DownstreamTokenSource,
    private readonly context: OnBehalfOfContext,
  ) {}

  async call<R extends { readonly status: number }>(downstream: Downstream, request: OutboundRequest<R>): Promise<R> {
    const subjectToken = this.subjectTokenFor(downstream);
    // A warm call takes its token without awaiting anything.
    const token = this.source.cachedToken?.(downstream.target, subjectToken) ?? (await this.source.tokenFor(downstream.target, subjectToken));
    const response = await downstream.send(request, authorizationOf(token, downstream));
    // An answer from outside the downstream (after a redirect) says nothing about our token.
    if (!request.carriedToken(response)) return response;
    if (!isInvalidToken(request, response)) return this.verdict(downstream, request, response, token);

    // Revoked, or the downstream's keys rotated: one fresh exchange, one more attempt.
    this.source.evict(downstream.target, subjectToken);
    discardResponse(response);
    if (!request.replayable) throw new DownstreamTokenRejectedError(downstream.name);
    const fresh = await this.source.tokenFor(downstream.target, subjectToken);
    const retried = await downstream.send(request, authorizationOf(fresh, downstream));
    if (!request.carriedToken(retried)) return retried;
    if (isInvalidToken(request, retried)) this.source.evict(downstream.target, subjectToken);
    return this.verdict(downstream, request, retried, fresh);
  }

  /**
   * Refuses an outbound request that carries the inbound token itself (O1), whether it goes to
   * a downstream or anywhere else: in a header value or in the URL.
   */
  assertInboundTokenNotForwarded(url: string, headerValues: Iterable<unknown>): void {
    const inbound = this.context.current()?.token;
    if (inbound === undefined) return;
    if (url.includes(inbound)) throw new InboundTokenForwardedError('url');
    for (const value of headerValues) {
      if (typeof value === 'string' ? value.includes(inbound) : Array.isArray(value) && value.some((item) => String(item).includes(inbound))) {
        throw new InboundTokenForwardedError('header');
      }
    }
  }

  private subjectTokenFor(downstream: Downstream): string | undefined {
    const inbound = this.context.current();
    if (inbound !== undefined) return inbound.token;
    if (downstream.allowClientCredentials) return undefined;
    throw new MissingSubjectTokenError(downstream.name);
  }

  private verdict<R extends { readonly status: number }>(downstream: Downstream, request: OutboundRequest<R>, response: R, token: ObtainedToken): R {
    if (response.status === 401) {
      discardResponse(response);
      throw new DownstreamTokenRejectedError(downstream.name);
    }
    if (response.status === 403) {
      const challenge = bearerChallenge(request.header(response, 'www-authenticate'));
      if (challenge?.['error'] === 'insufficient_scope') {
        discardResponse(response);
        throw new DownstreamForbiddenError(downstream.name, splitScope(challenge['scope']), token.scope);
      }
    }
    return response;
  }
}

function isInvalidToken<R extends { readonly status: number }>(request: OutboundRequest<R>, response: R): boolean {
  return response.status === 401 && bearerChallenge(request.header(response, 'www-authenticate'))?.['error'] === 'invalid_token';
}

function authorizationOf(token: ObtainedToken, downstream: Downstream): string {
  if (token.tokenType.toLowerCase() !== 'bearer') {
    throw new TypeError(`The authority issued a "${token.tokenType}" token for downstream "${downstream.name}"; only Bearer tokens can be sent.`);
  }
  return `Bearer ${token.accessToken}`;
}

function splitScope(scope: string | undefined): string[] {
  return scope === undefined ? [] : scope.split(' ').filter((value) => value !== '');
}
