import type { AccessTokenVerifier, Principal } from '@baton/core';
import { actChain } from '../audit/act-chain.js';
import { auditedRequest } from '../audit/audited-request.js';
import type { TokenExchangeAuditEvent } from '../audit/token-exchange-audit-event.js';
import type { CompiledPolicy } from '../policy/compiled-policy.js';
import { decideTokenExchange } from '../policy/decide-token-exchange.js';
import { issueExchangedToken } from './issue-exchanged-token.js';
import { readExchangeRequest } from './read-exchange-request.js';
import { requestValues } from './request-values.js';
import { TokenExchangeError } from './token-exchange-error.js';
import type { ProviderContext, TokenExchangeProvider } from './token-exchange-provider.js';
import { TOKEN_TYPES } from './token-types.js';
import { verifyExchangedToken } from './verify-exchanged-token.js';

/** What the grant handler works with, built once by {@link registerTokenExchange}. */
export interface TokenExchangeGrant {
  readonly provider: TokenExchangeProvider;
  readonly policy: CompiledPolicy;
  readonly verifier: AccessTokenVerifier;
  readonly signingAlgorithm: string | undefined;
  readonly audit: (event: TokenExchangeAuditEvent) => void;
  /** Requests the handler saw (and audited itself). */
  readonly handled: WeakSet<object>;
}

/** What is known so far about the exchange, for its audit event. */
interface Trail {
  subject?: Principal;
  actors: string[];
  audience?: string;
  decidedBy?: string;
  rules: readonly string[];
}

/**
 * The grant handler oidc-provider calls once the client is authenticated and allowed the
 * grant: read the request, verify the subject (and actor) token, let the policy decide, issue
 * the token, answer per RFC 8693 §2.2.1, and record the exchange either way.
 */
export function createTokenExchangeHandler(grant: TokenExchangeGrant): (ctx: ProviderContext) => Promise<void> {
  const { provider, policy, verifier } = grant;

  return async function tokenExchangeHandler(ctx: ProviderContext): Promise<void> {
    grant.handled.add(ctx);
    const oidc = ctx.oidc!;
    const client = oidc.client!;
    const params = oidc.params ?? {};
    const requested = auditedRequest(policy, requestValues(params['audience']), requestValues(params['resource']), optional(params['scope']));
    const trail: Trail = { actors: [], rules: [] };
    const event = (outcome: 'granted' | 'refused'): TokenExchangeAuditEvent => ({
      type: 'token-exchange',
      outcome,
      time: new Date().toISOString(),
      clientId: client.clientId,
      subject: trail.subject === undefined ? undefined : { issuer: trail.subject.issuer, sub: trail.subject.subject ?? '' },
      actors: trail.actors,
      requested,
      audience: trail.audience,
      scopesGranted: [],
      decidedBy: trail.decidedBy,
      rules: trail.rules,
    });

    try {
      const request = readExchangeRequest(params);
      // Cheap policy checks first: an unlisted client makes no JWKS fetch.
      const clientPolicy = policy.clients.get(client.clientId);
      if (clientPolicy === undefined) {
        trail.decidedBy = 'policy.clients';
        throw new TokenExchangeError('ERR_CLIENT_NOT_IN_POLICY');
      }
      if (request.actorToken !== undefined && !clientPolicy.actorTokens) {
        trail.decidedBy = `${clientPolicy.path}.actorTokens`;
        throw new TokenExchangeError('ERR_ACTOR_TOKEN_NOT_ALLOWED');
      }

      const subject = await verifyExchangedToken(verifier, request.subjectToken, 'subject', ctx);
      trail.subject = subject;
      trail.actors = actChain(subject.claims['act']);
      const actor = request.actorToken === undefined ? undefined : await verifyExchangedToken(verifier, request.actorToken, 'actor', ctx);

      const now = Math.floor(Date.now() / 1000);
      const decision = decideTokenExchange(policy, {
        clientId: client.clientId,
        subject: subject.claims,
        actor: actor?.claims,
        audience: request.audience,
        resource: request.resource,
        scope: request.scope,
        now,
        authorityIssuer: provider.issuer,
      });
      trail.decidedBy = decision.decidedBy;
      trail.rules = decision.rules;
      if (!decision.granted) throw new TokenExchangeError(decision.reason);
      trail.audience = decision.audience;

      const issued = await issueExchangedToken(provider, client, decision, now, grant.signingAlgorithm);
      oidc.entity('AccessToken', issued.model);
      grant.audit({
        ...event('granted'),
        actors: actChain(decision.act),
        scopesGranted: decision.scopes,
        tokenId: issued.model.jti,
        expiresAt: decision.expiresAt,
        claims: Object.keys(decision.claims),
      });
      ctx.body = {
        access_token: issued.value,
        issued_token_type: request.requestedTokenType ?? TOKEN_TYPES.accessToken,
        token_type: issued.model.tokenType,
        expires_in: decision.expiresAt - now,
        scope: decision.scopes.join(' '),
      };
    } catch (error) {
      const refused = error instanceof TokenExchangeError ? error : undefined;
      grant.audit({
        ...event('refused'),
        error: refused?.error ?? 'server_error',
        reason: refused?.reason ?? 'ERR_SERVER',
        ...(refused?.tokenError === undefined ? {} : { tokenError: refused.tokenError }),
      });
      throw error;
    }
  };
}

function optional(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
