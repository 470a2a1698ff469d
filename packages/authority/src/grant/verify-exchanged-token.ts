import { InvalidTokenError, TemporarilyUnavailableError, type AccessTokenVerifier, type Principal } from '@baton/core';
import type { ProviderContext } from './token-exchange-provider.js';
import { TokenExchangeError } from './token-exchange-error.js';

/**
 * Verifies a subject or actor token with @baton/core's rules (P and C lines: signature from the
 * issuer's JWKS, algorithm allow-list, `typ: at+jwt`, exact `iss`, `aud`, time claims, claim
 * types). A refused token is `invalid_request` (RFC 8693 §2.2.2), keeping core's reason for
 * the audit trail; keys that cannot be had are a 503 with `Retry-After`, never a refusal.
 */
export async function verifyExchangedToken(
  verifier: AccessTokenVerifier,
  token: string,
  role: 'subject' | 'actor',
  ctx: ProviderContext,
): Promise<Principal> {
  try {
    return await verifier.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) {
      throw new TokenExchangeError(role === 'subject' ? 'ERR_SUBJECT_TOKEN_INVALID' : 'ERR_ACTOR_TOKEN_INVALID', { tokenError: error.code });
    }
    if (error instanceof TemporarilyUnavailableError) {
      ctx.set('Retry-After', String(error.retryAfter));
      throw new TokenExchangeError('ERR_KEYS_UNAVAILABLE');
    }
    throw error;
  }
}
