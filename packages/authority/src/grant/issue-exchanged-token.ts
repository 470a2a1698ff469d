import type { TokenExchangeGranted } from '../policy/token-exchange-decision.js';
import { EXCHANGE_CLAIMS } from './exchange-claims-registry.js';
import { TOKEN_EXCHANGE_GRANT_TYPE } from './token-exchange-grant-type.js';
import { TokenExchangeError } from './token-exchange-error.js';
import type { ProviderAccessToken, ProviderClient, TokenExchangeProvider } from './token-exchange-provider.js';

/** The token issued, with what the response and the audit trail need. */
export interface IssuedToken {
  readonly value: string;
  readonly model: ProviderAccessToken;
}

let warned = false;

/**
 * Issues the JWT access token of a granted exchange with oidc-provider's own machinery: an
 * `AccessToken` bound to a resource server whose format is `jwt`, so it is signed with the
 * provider's keys and carries `typ: at+jwt`, `iss`, `aud` (the one target), `sub`,
 * `client_id`, `scope`, `iat`, `exp` and `jti`. `act` and the mapped claims reach the payload
 * through the provider's `extraTokenClaims` (see {@link withTokenExchangeClaims}); the payload
 * is checked before the token is handed out, so a provider configured without it fails closed.
 */
export async function issueExchangedToken(
  provider: TokenExchangeProvider,
  client: ProviderClient,
  decision: TokenExchangeGranted,
  now: number,
  signingAlgorithm: string | undefined,
): Promise<IssuedToken> {
  const lifetime = decision.expiresAt - now;
  const resourceServer = {
    audience: decision.audience,
    scope: decision.scopes.join(' '),
    accessTokenFormat: 'jwt',
    accessTokenTTL: lifetime,
    jwt: signingAlgorithm === undefined ? undefined : { sign: { alg: signingAlgorithm } },
    identifier: () => decision.audience,
  };
  const model = new provider.AccessToken({
    accountId: decision.subject,
    client,
    gty: TOKEN_EXCHANGE_GRANT_TYPE,
    scope: decision.scopes.join(' '),
    resourceServer,
    iat: now,
    exp: decision.expiresAt,
  });
  const extra: Record<string, unknown> = { ...decision.claims };
  if (decision.act !== undefined) extra['act'] = decision.act;
  EXCHANGE_CLAIMS.set(model, extra);

  const value = await model.save();
  const payload = decodePayload(value);
  const wired = payload !== undefined
    && payload['aud'] === decision.audience
    && payload['exp'] === decision.expiresAt
    && Object.entries(extra).every(([name, claim]) => sameJson(payload[name], claim));
  if (!wired) {
    if (!warned) {
      warned = true;
      process.emitWarning(
        'registerTokenExchange: an exchanged token came out without its act/mapped claims. Configure the provider with `extraTokenClaims: withTokenExchangeClaims(…)` (from @baton/authority); until then every exchange fails with server_error.',
        { code: 'BATON_TOKEN_EXCHANGE_CLAIMS' },
      );
    }
    throw new TokenExchangeError('ERR_CLAIMS_NOT_CONFIGURED');
  }
  return { value, model };
}

function decodePayload(jws: string): Record<string, unknown> | undefined {
  const parts = jws.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Equal as JSON values (member order ignored). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]));
}
