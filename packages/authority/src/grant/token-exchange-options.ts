import type { JwksOptions, SupportedAlgorithm } from '@baton/core';
import type { TokenExchangeAuditEvent } from '../audit/token-exchange-audit-event.js';
import type { TokenExchangePolicy } from '../policy/token-exchange-policy.js';

/**
 * Options of {@link registerTokenExchange}. Checked at registration: a mistake is a
 * `TypeError` naming the dotted path and the fix.
 *
 * @example
 * ```ts
 * registerTokenExchange(provider, {
 *   policy,
 *   audit: (event) => auditLog.write(event),
 *   jwksUri: 'http://127.0.0.1:4000/jwks',
 * });
 * ```
 */
export interface TokenExchangeOptions {
  /** Who may exchange what; see {@link TokenExchangePolicy}. */
  policy: TokenExchangePolicy;
  /**
   * Receives an event for every exchange, granted or refused (including those the provider
   * refuses before the grant runs: client authentication, grant not allowed, repeated
   * parameters). Events are also emitted on the provider as `token_exchange.audit`. If it
   * throws, the exchange fails (`server_error`) rather than go unrecorded.
   */
  audit?: (event: TokenExchangeAuditEvent) => void;
  /**
   * Where this provider's own signing keys are published, to verify the subject tokens it
   * issued. Default: the provider's `jwks_uri` (`provider.urlFor('jwks')`); set a loopback URL
   * when the public one is not reachable from the process itself.
   */
  jwksUri?: string;
  /** Algorithms accepted on this provider's own tokens. Default: every asymmetric algorithm Baton supports. */
  algorithms?: readonly SupportedAlgorithm[];
  /**
   * JWS algorithm of issued tokens; the provider's key set must hold a key for it. Default:
   * the provider's default (`clientDefaults.id_token_signed_response_alg`, RS256 unless changed).
   */
  signingAlgorithm?: SupportedAlgorithm;
  /** Seconds of clock skew allowed on subject and actor tokens. Default 5. */
  clockTolerance?: number;
  /** Longest subject or actor token accepted, in characters. Default 16384. */
  maxTokenLength?: number;
  /** JWKS fetching and caching for subject and actor tokens (see @baton/core). */
  jwks?: JwksOptions;
  /** Allow `http:` issuer and JWKS URLs beyond localhost. Default false. */
  allowInsecureHttp?: boolean;
}
