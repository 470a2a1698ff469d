import type { JsonValue } from './claim-transform.js';
import type { CompiledMapping } from './compiled-policy.js';
import { evaluateScopeCondition, type ConditionFacts } from './evaluate-scope-condition.js';
import { cloneJson } from './clone-json.js';
import { readClaim } from './read-claim.js';

/** Claims for the new token, and the steps that wrote them. */
export interface TransformedClaims {
  readonly claims: Record<string, JsonValue>;
  readonly rules: readonly string[];
}

/**
 * Runs the mapping's claims steps, in order, on an empty set of claims: nothing of the subject
 * token reaches the new token unless a step copies it. Values are copied, never shared.
 */
export function transformClaims(mapping: CompiledMapping, facts: ConditionFacts): TransformedClaims {
  // No prototype: a claim named "__proto__" stays a plain member.
  const claims = Object.create(null) as Record<string, JsonValue>;
  const rules: string[] = [];
  for (const { path, transform } of mapping.claims) {
    if (transform.when !== undefined && !evaluateScopeCondition(transform.when, facts)) continue;
    rules.push(path);
    if ('copy' in transform) {
      for (const name of list(transform.copy)) put(claims, name, readClaim(facts.claims, name));
    } else if ('rename' in transform) {
      put(claims, transform.to, readClaim(facts.claims, transform.rename));
    } else if ('drop' in transform) {
      for (const name of list(transform.drop)) delete claims[name];
    } else {
      put(claims, transform.set, transform.value);
    }
  }
  return { claims: Object.fromEntries(Object.entries(claims)), rules };
}

function list(names: string | readonly string[]): readonly string[] {
  return typeof names === 'string' ? [names] : names;
}

function put(claims: Record<string, JsonValue>, name: string, value: unknown): void {
  if (value !== undefined) claims[name] = cloneJson(value) as JsonValue;
}
