import type { CompiledPolicy } from '../policy/compiled-policy.js';
import type { TokenExchangeAuditEvent } from './token-exchange-audit-event.js';

const UNKNOWN = '(unknown)';

/**
 * The `requested` part of an audit event: request values the policy knows are kept, any other
 * caller-chosen text becomes `"(unknown)"`, so that nothing a caller sends (a token pasted into
 * `audience`, say) can reach the audit log.
 */
export function auditedRequest(
  policy: CompiledPolicy,
  audience: readonly string[],
  resource: readonly string[],
  scope: string | undefined,
): TokenExchangeAuditEvent['requested'] {
  const scopes = scope === undefined ? undefined : scope.split(' ').filter((value) => value !== '');
  const knownScope = (value: string): boolean => [...policy.audiences.values()].some((entry) => entry.scopes.has(value));
  return {
    audience: audience.map((value) => (policy.audiences.has(value) ? value : UNKNOWN)),
    resource: resource.map((value) => (policy.resources.has(value) ? value : UNKNOWN)),
    scopes: scopes?.map((value) => (knownScope(value) ? value : UNKNOWN)),
  };
}
