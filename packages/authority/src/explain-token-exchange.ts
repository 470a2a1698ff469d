import { compileTokenExchangePolicy } from './policy/compile-token-exchange-policy.js';
import type { CompiledPolicy } from './policy/compiled-policy.js';
import { decideTokenExchange } from './policy/decide-token-exchange.js';
import type { TokenExchangeDecision } from './policy/token-exchange-decision.js';

/**
 * The inputs of a dry run: an exchange request with the tokens already decoded.
 *
 * @example
 * ```ts
 * const input: TokenExchangeInput = { clientId: 'shoppingbasket', subjectClaims: decodedClaims, audience: 'discount' };
 * ```
 */
export interface TokenExchangeInput {
  /** The client making the request. */
  clientId: string;
  /** The subject token's claims (`iss`, `sub`, `aud`, `exp`, `scope`, `act`, `may_act`, …). */
  subjectClaims: Readonly<Record<string, unknown>>;
  /** The actor token's claims, if the request carries one. */
  actorClaims?: Readonly<Record<string, unknown>>;
  /** The `audience` parameter(s). */
  audience?: string | readonly string[];
  /** The `resource` parameter(s) (RFC 8707). */
  resource?: string | readonly string[];
  /** The `scope` parameter (space-separated). */
  scope?: string;
  /** The time of the exchange, in seconds since the epoch. Default: now. */
  now?: number;
  /**
   * This authority's issuer identifier. When given, a subject token from any other issuer that
   * the policy does not trust is refused, as the grant does; when omitted, such a token is
   * taken as one of this authority's.
   */
  issuer?: string;
}

const compiled = new WeakMap<object, CompiledPolicy>();

/**
 * Runs the policy on decoded inputs and says what the grant would do, without verifying a
 * signature or issuing anything: the scopes and claims of the new token, its `act` and `exp`,
 * or the error and the policy entry that refused it. For operators who want to test a policy
 * before deploying it (a table of expected decisions in CI, for example).
 *
 * @throws TypeError when the policy or the input is malformed.
 * @example
 * ```ts
 * const decision = explainTokenExchange(policy, {
 *   clientId: 'shoppingbasket',
 *   subjectClaims: { iss: 'https://auth.example.com', sub: 'alice', aud: 'shoppingbasket', exp: 1_900_000_000, scope: 'shoppingbasket.fullaccess' },
 *   audience: 'discount',
 * });
 * // { granted: true, audience: 'discount', scopes: ['discount.fullaccess'], act: { sub: 'shoppingbasket', client_id: 'shoppingbasket' }, … }
 * ```
 */
export function explainTokenExchange(policy: unknown, input: TokenExchangeInput): TokenExchangeDecision {
  return decideTokenExchange(compile(policy), {
    clientId: text(input?.clientId, 'input.clientId'),
    subject: claims(input.subjectClaims, 'input.subjectClaims'),
    actor: input.actorClaims === undefined ? undefined : claims(input.actorClaims, 'input.actorClaims'),
    audience: values(input.audience, 'input.audience'),
    resource: values(input.resource, 'input.resource'),
    scope: input.scope === undefined ? undefined : text(input.scope, 'input.scope'),
    now: input.now === undefined ? Math.floor(Date.now() / 1000) : seconds(input.now),
    authorityIssuer: input.issuer === undefined ? undefined : text(input.issuer, 'input.issuer'),
  });
}

/** Compiles a policy, once per frozen (validated) policy object. */
function compile(policy: unknown): CompiledPolicy {
  const cacheable = policy !== null && typeof policy === 'object' && Object.isFrozen(policy);
  const known = cacheable ? compiled.get(policy) : undefined;
  if (known !== undefined) return known;
  const result = compileTokenExchangePolicy(policy);
  if (cacheable) compiled.set(policy, result);
  return result;
}

function text(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new TypeError(`\`${path}\` must be a string.`);
  return value;
}

function claims(value: unknown, path: string): Readonly<Record<string, unknown>> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TypeError(`\`${path}\` must be the decoded claims object of a token.`);
  return value as Record<string, unknown>;
}

function values(value: unknown, path: string): readonly string[] {
  if (value === undefined) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((entry) => typeof entry === 'string')) throw new TypeError(`\`${path}\` must be a string or a list of strings.`);
  return list as string[];
}

function seconds(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError('`input.now` must be a number of seconds since the epoch.');
  return Math.floor(value);
}
