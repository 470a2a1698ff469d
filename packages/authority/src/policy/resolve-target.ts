import type { CompiledPolicy } from './compiled-policy.js';
import { refusal } from './refusal.js';
import type { TokenExchangeRefused } from './token-exchange-decision.js';

/**
 * The one audience named by the `audience` and `resource` parameters (RFC 8693 §2.1,
 * RFC 8707): every value must name a known audience, and all must name the same one.
 */
export function resolveTarget(policy: CompiledPolicy, audience: readonly string[], resource: readonly string[]): string | TokenExchangeRefused {
  if (audience.length === 0 && resource.length === 0) return refusal('ERR_TARGET_MISSING', undefined);
  const named = new Set<string>();
  for (const value of audience) {
    if (!policy.audiences.has(value)) return refusal('ERR_TARGET_UNKNOWN', 'policy.audiences');
    named.add(value);
  }
  for (const value of resource) {
    const id = policy.resources.get(value);
    if (id === undefined) return refusal('ERR_TARGET_UNKNOWN', 'policy.audiences');
    named.add(id);
  }
  if (named.size > 1) return refusal('ERR_TARGET_MULTIPLE', undefined);
  return [...named][0]!;
}
