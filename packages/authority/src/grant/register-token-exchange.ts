import { AccessTokenVerifier, SUPPORTED_ALGORITHMS, type TrustedIssuer } from '@baton/core';
import type { TokenExchangeAuditEvent } from '../audit/token-exchange-audit-event.js';
import { compileTokenExchangePolicy } from '../policy/compile-token-exchange-policy.js';
import type { CompiledPolicy } from '../policy/compiled-policy.js';
import { createTokenEndpointMiddleware } from './create-token-endpoint-middleware.js';
import { createTokenExchangeHandler } from './create-token-exchange-handler.js';
import { TOKEN_EXCHANGE_GRANT_TYPE } from './token-exchange-grant-type.js';
import type { TokenExchangeOptions } from './token-exchange-options.js';
import type { TokenExchangeProvider } from './token-exchange-provider.js';

/** RFC 8693 §2.1 request parameters (client authentication parameters are the provider's). */
const PARAMETERS = [
  'audience', 'resource', 'scope', 'requested_token_type',
  'subject_token', 'subject_token_type', 'actor_token', 'actor_token_type',
] as const;
/** The only parameters RFC 8693 lets repeat; any other repeated parameter is `invalid_request`. */
const REPEATABLE = ['audience', 'resource'] as const;
const OPTIONS = ['policy', 'audit', 'jwksUri', 'algorithms', 'signingAlgorithm', 'clockTolerance', 'maxTokenLength', 'jwks', 'allowInsecureHttp'];
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Providers the grant is registered with: twice would audit every exchange twice. */
const registered = new WeakSet<object>();

/**
 * Registers the RFC 8693 token-exchange grant (`urn:ietf:params:oauth:grant-type:token-exchange`)
 * with an oidc-provider 9 instance. Call it once, after `new Provider(…)` and before serving.
 *
 * Client authentication and the client's `grant_types` are the provider's (X1, X2). The grant
 * verifies the subject (and actor) token with @baton/core — this provider's own tokens, or
 * those of a trusted issuer listed in the policy — applies the policy (target, least-privilege
 * scopes, scope and claims mapping, delegation, `may_act`), and issues a JWT access token
 * (`typ: at+jwt`) signed with the provider's keys, for exactly one audience, never outliving the
 * subject token. Every exchange, granted or refused, is audited.
 *
 * The provider must be configured with `extraTokenClaims: withTokenExchangeClaims(…)` so that
 * issued tokens carry `act` and the mapped claims; without it, exchanges fail closed.
 *
 * @throws TypeError when the options or the policy are invalid, naming the dotted path and the fix.
 * @example
 * ```ts
 * const provider = new Provider('https://auth.example.com', {
 *   clients: [{ client_id: 'shoppingbasket', client_secret: secret, grant_types: [TOKEN_EXCHANGE_GRANT_TYPE], response_types: [], redirect_uris: [] }],
 *   extraTokenClaims: withTokenExchangeClaims(),
 *   // jwks, features…
 * });
 * registerTokenExchange(provider, { policy: validateTokenExchangePolicy(policyJson), audit: (event) => log.info(event) });
 * ```
 */
export function registerTokenExchange(provider: TokenExchangeProvider, options: TokenExchangeOptions): void {
  if (provider === null || typeof provider !== 'object' || typeof provider.registerGrantType !== 'function' || typeof provider.issuer !== 'string') {
    throw new TypeError('`provider` must be an oidc-provider 9 Provider instance (new Provider(issuer, configuration)).');
  }
  if (registered.has(provider)) throw new TypeError('The token-exchange grant is already registered with this provider; call registerTokenExchange once per provider.');
  if (options === null || typeof options !== 'object') throw new TypeError('`options` must be an object with at least `policy`.');
  for (const key of Object.keys(options)) {
    if (!OPTIONS.includes(key)) throw new TypeError(`\`options.${key}\` is not an option; known ones: ${OPTIONS.join(', ')}.`);
  }
  if (options.policy === undefined) throw new TypeError('`options.policy` is missing; pass the token-exchange policy (see TokenExchangePolicy).');
  const policy = compileTokenExchangePolicy(options.policy);
  const userAudit = options.audit;
  if (userAudit !== undefined && typeof userAudit !== 'function') throw new TypeError('`options.audit` must be a function receiving each TokenExchangeAuditEvent.');
  const signingAlgorithm = options.signingAlgorithm;
  if (signingAlgorithm !== undefined && !(SUPPORTED_ALGORITHMS as readonly string[]).includes(signingAlgorithm)) {
    throw new TypeError(`\`options.signingAlgorithm\` must be one of ${SUPPORTED_ALGORITHMS.join(', ')}, with a matching key in the provider's jwks.`);
  }

  const algorithms = options.algorithms;
  if (algorithms !== undefined && (!Array.isArray(algorithms) || algorithms.length === 0 || !algorithms.every((alg) => (SUPPORTED_ALGORITHMS as readonly string[]).includes(alg)))) {
    throw new TypeError(`\`options.algorithms\` must be a non-empty list among ${SUPPORTED_ALGORITHMS.join(', ')} (HS* and "none" are never accepted).`);
  }

  const verifier = createVerifier(provider, policy, options);
  const audit = (event: TokenExchangeAuditEvent): void => {
    provider.emit('token_exchange.audit', event);
    userAudit?.(event);
  };
  registered.add(provider);
  const handled = new WeakSet<object>();
  provider.use(createTokenEndpointMiddleware(policy, handled, audit));
  provider.registerGrantType(
    TOKEN_EXCHANGE_GRANT_TYPE,
    createTokenExchangeHandler({ provider, policy, verifier, signingAlgorithm, audit, handled }),
    PARAMETERS,
    REPEATABLE,
  );
}

/** One verifier for subject and actor tokens: this provider's keys and each trusted issuer's. */
function createVerifier(provider: TokenExchangeProvider, policy: CompiledPolicy, options: TokenExchangeOptions): AccessTokenVerifier {
  const allowHttp = options.allowInsecureHttp === true;
  if (options.allowInsecureHttp !== undefined && typeof options.allowInsecureHttp !== 'boolean') throw new TypeError('`options.allowInsecureHttp` must be true or false.');
  const jwksUri = options.jwksUri ?? provider.urlFor('jwks');
  checkUrl(jwksUri, options.jwksUri === undefined ? 'the provider\'s jwks_uri' : '`options.jwksUri`', allowHttp);
  checkUrl(provider.issuer, 'the provider\'s issuer', allowHttp);

  const issuers: TrustedIssuer[] = [{ issuer: provider.issuer, jwksUri, ...(options.algorithms === undefined ? {} : { algorithms: options.algorithms }), accessTokenProfile: true }];
  for (const { path, policy: trusted } of policy.trustedIssuers.values()) {
    if (trusted.issuer === provider.issuer) {
      throw new TypeError(`\`${path}.issuer\` is this provider's own issuer; its tokens are always accepted, remove the entry.`);
    }
    checkUrl(trusted.issuer, `\`${path}.issuer\``, allowHttp);
    if (trusted.jwksUri !== undefined) checkUrl(trusted.jwksUri, `\`${path}.jwksUri\``, allowHttp);
    issuers.push({
      issuer: trusted.issuer,
      ...(trusted.jwksUri === undefined ? {} : { jwksUri: trusted.jwksUri }),
      ...(trusted.algorithms === undefined ? {} : { algorithms: trusted.algorithms }),
      ...(trusted.accessTokenProfile === undefined ? {} : { accessTokenProfile: trusted.accessTokenProfile }),
    });
  }
  try {
    return new AccessTokenVerifier({
      issuer: issuers,
      audience: policy.subjectAudiences,
      maxActorDepth: policy.maxActorDepth,
      allowInsecureHttp: allowHttp,
      ...(options.clockTolerance === undefined ? {} : { clockTolerance: options.clockTolerance }),
      ...(options.maxTokenLength === undefined ? {} : { maxTokenLength: options.maxTokenLength }),
      ...(options.jwks === undefined ? {} : { jwks: options.jwks }),
    });
  } catch (error) {
    // The verifier names its own option paths (`algorithms`, `jwks.timeout`…): they are ours under `options.`.
    if (error instanceof TypeError) throw new TypeError(error.message.replace(/`(?=[a-zA-Z])/, '`options.'), { cause: error });
    throw error;
  }
}

function checkUrl(value: string, what: string, allowHttp: boolean): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${what} is not a valid URL.`);
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && (allowHttp || LOOPBACK.has(url.hostname)))) return;
  throw new TypeError(`${what} must use https (plain http is accepted for localhost only, or with \`options.allowInsecureHttp: true\`).`);
}
