import type { CompiledAudience, CompiledMapping, CompiledTarget } from './compiled-policy.js';
import { refusal } from './refusal.js';
import type { TokenExchangeRefused } from './token-exchange-decision.js';

/**
 * Least privilege: granted = requested ∩ what policy allows this client at this audience ∩
 * what the subject may have. A requested scope outside any of the three refuses the whole
 * exchange (`invalid_scope`) rather than silently granting less; with no `scope` requested,
 * the audience's default set is intersected the same way and must not come out empty.
 */
export function selectScopes(
  requested: string | undefined,
  audience: CompiledAudience,
  target: CompiledTarget,
  mayHave: ReadonlySet<string>,
  mapping: CompiledMapping,
  rules: readonly string[],
): readonly string[] | TokenExchangeRefused {
  const asked = [...new Set((requested ?? '').split(' ').filter((scope) => scope !== ''))];
  if (asked.length > 0) {
    for (const scope of asked) {
      if (!audience.scopes.has(scope)) return refusal('ERR_SCOPE_UNKNOWN', `${audience.path}.scopes`, rules);
      if (!target.scopes.has(scope)) return refusal('ERR_SCOPE_NOT_ALLOWED', target.path, rules);
      if (!mayHave.has(scope)) return refusal('ERR_SCOPE_NOT_HELD', mapping.path, rules);
    }
    return asked;
  }
  const granted = audience.defaultScopes.filter((scope) => target.scopes.has(scope) && mayHave.has(scope));
  if (granted.length === 0) return refusal('ERR_SCOPE_NONE', `${audience.path}.defaultScopes`, rules);
  return granted;
}
