import { readClaim } from './read-claim.js';
import type { ScopeCondition } from './scope-condition.js';

/** What a condition is evaluated against. */
export interface ConditionFacts {
  /** The subject token's claims. */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The subject token's scopes. */
  readonly scopes: ReadonlySet<string>;
  /** The audience the exchange targets. */
  readonly audience: string;
  /** The client making the exchange. */
  readonly clientId: string;
}

/** Whether `condition` holds for `facts` (conditions were checked at start-up). */
export function evaluateScopeCondition(condition: ScopeCondition, facts: ConditionFacts): boolean {
  if ('claim' in condition) {
    const value = readClaim(facts.claims, condition.claim);
    if ('exists' in condition) return (value !== undefined) === condition.exists;
    if ('equals' in condition) return value === condition.equals;
    if ('in' in condition) return condition.in.some((candidate) => candidate === value);
    return contains(value, condition.contains);
  }
  if ('scope' in condition) return facts.scopes.has(condition.scope);
  if ('audience' in condition) return facts.audience === condition.audience;
  if ('client' in condition) return facts.clientId === condition.client;
  if ('all' in condition) return condition.all.every((entry) => evaluateScopeCondition(entry, facts));
  if ('any' in condition) return condition.any.some((entry) => evaluateScopeCondition(entry, facts));
  return !evaluateScopeCondition(condition.not, facts);
}

/** An array holding `word`, or a space-separated string holding it as a whole word. */
function contains(value: unknown, word: string): boolean {
  if (Array.isArray(value)) return value.includes(word);
  if (typeof value === 'string') return value.split(' ').includes(word);
  return false;
}
