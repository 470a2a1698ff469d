import type { ClaimTransform } from './claim-transform.js';
import type { ScopeCondition } from './scope-condition.js';
import type { TokenExchangePolicy, TrustedIssuerPolicy } from './token-exchange-policy.js';

/*
 * The policy after validation, in the shape the decision engine reads: Maps and Sets only (a
 * client id such as "constructor" can never reach an object prototype), and the dotted path
 * of every part so that decisions can name the rule that made them.
 */

/** One audience, checked. */
export interface CompiledAudience {
  readonly id: string;
  readonly path: string;
  readonly scopes: ReadonlySet<string>;
  readonly defaultScopes: readonly string[];
  readonly tokenLifetime: number;
}

/** What one client may obtain at one audience. */
export interface CompiledTarget {
  readonly path: string;
  readonly scopes: ReadonlySet<string>;
}

/** One client, checked. */
export interface CompiledClient {
  readonly id: string;
  readonly path: string;
  readonly ownAudiences: ReadonlySet<string>;
  readonly targets: ReadonlyMap<string, CompiledTarget>;
  readonly subjectIssuers: ReadonlySet<string>;
  readonly actorTokens: boolean;
  readonly impersonation: boolean;
}

/** A conditional scope rule, checked. */
export interface CompiledRule {
  /** Path and name, e.g. `mapping.rules[0] (admins write)`. */
  readonly label: string;
  readonly when: ScopeCondition;
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

/** One claims step, checked. */
export interface CompiledTransform {
  readonly path: string;
  readonly transform: ClaimTransform;
}

/** A subject mapping, checked. */
export interface CompiledMapping {
  readonly path: string;
  readonly scopes: ReadonlyMap<string, { readonly path: string; readonly targets: readonly string[] }>;
  readonly rules: readonly CompiledRule[];
  readonly claims: readonly CompiledTransform[];
}

/** A trusted issuer, checked. */
export interface CompiledIssuer {
  readonly path: string;
  readonly policy: TrustedIssuerPolicy;
  readonly subjectPrefix: string;
  readonly mapping: CompiledMapping;
}

/** The whole policy, checked. */
export interface CompiledPolicy {
  /** A deep-frozen copy of the policy as given. */
  readonly policy: TokenExchangePolicy;
  readonly audiences: ReadonlyMap<string, CompiledAudience>;
  /** RFC 8707 resource indicator → audience id. */
  readonly resources: ReadonlyMap<string, string>;
  readonly clients: ReadonlyMap<string, CompiledClient>;
  /** Mapping of this authority's own tokens. */
  readonly ownMapping: CompiledMapping;
  readonly trustedIssuers: ReadonlyMap<string, CompiledIssuer>;
  readonly maxActorDepth: number;
  /** Every audience some client owns: what a subject or actor token's `aud` may name. */
  readonly subjectAudiences: readonly string[];
}
