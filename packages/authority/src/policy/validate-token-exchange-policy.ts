import { compileTokenExchangePolicy } from './compile-token-exchange-policy.js';
import type { TokenExchangePolicy } from './token-exchange-policy.js';

/**
 * Checks a token-exchange policy, e.g. one read from a JSON file, and returns a deep-frozen
 * copy. Run it at start-up: a policy with a mistake stops the authority with a sentence that
 * names the rule (its dotted path) and the fix. {@link registerTokenExchange} calls it too.
 *
 * @throws TypeError naming the dotted path of the first mistake, e.g.
 *   ``"`policy.clients.shoppingbasket.targets.dicsount` names an audience that `policy.audiences` does not define; …"``
 * @example
 * ```ts
 * const policy = validateTokenExchangePolicy(JSON.parse(readFileSync('exchange-policy.json', 'utf8')));
 * ```
 */
export function validateTokenExchangePolicy(policy: unknown): TokenExchangePolicy {
  return compileTokenExchangePolicy(policy).policy;
}
