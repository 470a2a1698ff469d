import { auditedRequest } from '../audit/audited-request.js';
import type { TokenExchangeAuditEvent } from '../audit/token-exchange-audit-event.js';
import type { CompiledPolicy } from '../policy/compiled-policy.js';
import { REFUSALS } from '../policy/refusal-reasons.js';
import type { TokenExchangeRefusalReason } from '../policy/token-exchange-decision.js';
import { requestValues } from './request-values.js';
import { TOKEN_EXCHANGE_GRANT_TYPE } from './token-exchange-grant-type.js';
import type { ProviderContext } from './token-exchange-provider.js';

/**
 * Koa middleware put in front of oidc-provider's router. For token-exchange requests that
 * oidc-provider refused before the grant ran, it:
 *
 * - answers `unauthorized_client` (RFC 6749 §5.2: "the authenticated client is not authorized
 *   to use this authorization grant type", SECURITY.md X2) where oidc-provider 9 answers
 *   `invalid_request` to a client whose `grant_types` lacks the grant;
 * - records the refusal in the audit trail (X10): failed client authentication, repeated
 *   parameters, a malformed `scope`…
 *
 * Requests the grant handler saw are audited there; everything else passes through untouched.
 */
export function createTokenEndpointMiddleware(
  policy: CompiledPolicy,
  handled: WeakSet<object>,
  audit: (event: TokenExchangeAuditEvent) => void,
): (ctx: ProviderContext, next: () => Promise<void>) => Promise<void> {
  return async function tokenExchangeEndpoint(ctx: ProviderContext, next: () => Promise<void>): Promise<void> {
    await next();
    const oidc = ctx.oidc;
    if (oidc?.route !== 'token' || oidc.params?.['grant_type'] !== TOKEN_EXCHANGE_GRANT_TYPE) return;
    if (handled.has(ctx) || ctx.status < 400) return;

    const body = ctx.body !== null && typeof ctx.body === 'object' ? (ctx.body as Record<string, unknown>) : {};
    const client = oidc.client;
    let reason: TokenExchangeRefusalReason;
    let error = typeof body['error'] === 'string' ? body['error'] : 'server_error';
    if (error === 'invalid_request' && client !== undefined && !client.grantTypeAllowed(TOKEN_EXCHANGE_GRANT_TYPE)) {
      reason = 'ERR_CLIENT_GRANT_NOT_ALLOWED';
      error = REFUSALS[reason].error;
      ctx.body = { error, error_description: REFUSALS[reason].description };
    } else if (error === 'invalid_client') {
      reason = 'ERR_CLIENT_AUTHENTICATION';
    } else if (error === 'server_error') {
      reason = 'ERR_SERVER';
    } else {
      reason = 'ERR_REQUEST_REJECTED';
    }

    const params = oidc.params ?? {};
    const scope = params['scope'];
    // oidc-provider loads the registered client before it checks the credentials.
    const authenticated = reason !== 'ERR_CLIENT_AUTHENTICATION';
    audit({
      type: 'token-exchange',
      outcome: 'refused',
      time: new Date().toISOString(),
      clientId: authenticated ? client?.clientId : undefined,
      ...(!authenticated && client !== undefined ? { claimedClientId: client.clientId } : {}),
      subject: undefined,
      actors: [],
      requested: auditedRequest(policy, requestValues(params['audience']), requestValues(params['resource']), typeof scope === 'string' ? scope : undefined),
      audience: undefined,
      scopesGranted: [],
      decidedBy: undefined,
      rules: [],
      error,
      reason,
    });
  };
}
