import { readFileSync } from 'node:fs';
import { registerTokenExchange, validateTokenExchangePolicy, withTokenExchangeClaims, type TokenExchangeAuditEvent, type TokenExchangePolicy } from '@baton/authority';
import type Provider from 'oidc-provider';
import type { AuthorityConfig } from './config/authority-config.js';
import { demoTokenExchangePolicy } from './demo-token-exchange-policy.js';

/** What the token-exchange wiring needs from the authority. */
export interface TokenExchangeSetupContext {
  /** The policy, from {@link loadTokenExchangePolicy}. */
  readonly policy: TokenExchangePolicy;
  /** Receives every audit event (granted or refused). */
  readonly audit: (event: TokenExchangeAuditEvent) => void;
}

/**
 * oidc-provider's `extraTokenClaims`, wrapped so that exchanged tokens carry `act` and the
 * policy's mapped claims (the provider builds JWT access tokens only from this function).
 *
 * @example
 * ```ts
 * new Provider(issuer, { extraTokenClaims: withExchangeClaims(ownExtraTokenClaims), … });
 * ```
 */
export const withExchangeClaims = withTokenExchangeClaims;

/**
 * The token-exchange policy of the main authority: the demo's, or the one in
 * `config.policyFile` (`AUTHORITY_POLICY_FILE`), checked either way, before anything listens.
 *
 * @throws TypeError naming the file (if any), the rule's dotted path and the fix.
 * @example
 * ```ts
 * const policy = loadTokenExchangePolicy(config);
 * ```
 */
export function loadTokenExchangePolicy(config: AuthorityConfig): TokenExchangePolicy {
  if (config.policyFile === undefined) return validateTokenExchangePolicy(demoTokenExchangePolicy(config));
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(config.policyFile, 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? 'is not valid JSON' : 'cannot be read';
    throw new TypeError(`authority.policyFile (AUTHORITY_POLICY_FILE) "${config.policyFile}" ${why}: fix the path or the file, or unset it for the demo policy.`);
  }
  try {
    return validateTokenExchangePolicy(json);
  } catch (error) {
    if (error instanceof TypeError) throw new TypeError(`authority.policyFile (AUTHORITY_POLICY_FILE) "${config.policyFile}": ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * Wires the RFC 8693 grant of @baton/authority into the main authority's provider, with the
 * policy and the audit trail. The provider must have been built with {@link withExchangeClaims}.
 *
 * @example
 * ```ts
 * setUpTokenExchange(provider, { policy: loadTokenExchangePolicy(config), audit: (event) => logger.log(JSON.stringify(event)) });
 * ```
 */
export function setUpTokenExchange(provider: Provider, context: TokenExchangeSetupContext): void {
  registerTokenExchange(provider, { policy: context.policy, audit: context.audit });
}
