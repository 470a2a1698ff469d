import type { CompiledMapping } from './compiled-policy.js';
import { evaluateScopeCondition, type ConditionFacts } from './evaluate-scope-condition.js';

/** The scopes a subject may have at the target, and the mapping entries that produced them. */
export interface MappedScopes {
  readonly scopes: ReadonlySet<string>;
  readonly rules: readonly string[];
}

/**
 * Applies a subject mapping: the direct mappings of the subject's scopes, plus what matching
 * rules `add`, minus what any matching rule `remove`s. Removal wins whatever the order, so a
 * reduction rule can never be undone by a later expansion.
 */
export function mapSubjectScopes(mapping: CompiledMapping, facts: ConditionFacts): MappedScopes {
  const granted = new Set<string>();
  const removed = new Set<string>();
  const rules: string[] = [];
  for (const scope of facts.scopes) {
    const entry = mapping.scopes.get(scope);
    if (entry === undefined) continue;
    rules.push(entry.path);
    for (const target of entry.targets) granted.add(target);
  }
  for (const rule of mapping.rules) {
    if (!evaluateScopeCondition(rule.when, facts)) continue;
    rules.push(rule.label);
    for (const scope of rule.add) granted.add(scope);
    for (const scope of rule.remove) removed.add(scope);
  }
  for (const scope of removed) granted.delete(scope);
  return { scopes: granted, rules };
}
