import { checkClaimTransform } from './check-claim-transform.js';
import { checkScopeCondition, type ConditionNames } from './check-scope-condition.js';
import type { CompiledMapping, CompiledRule } from './compiled-policy.js';
import { checkMap, checkObject, checkScope, checkScopeList, known, member } from './policy-checks.js';

/** Names a mapping may refer to: conditions' names and every scope some audience defines. */
export interface MappingNames extends ConditionNames {
  readonly scopes: ReadonlySet<string>;
}

/**
 * Checks a {@link SubjectMapping} (absent = maps nothing) and compiles it. Every scope it
 * produces must be a scope of some audience, so a typo is caught at start-up instead of
 * silently granting nothing.
 */
export function checkSubjectMapping(value: unknown, path: string, names: MappingNames): CompiledMapping {
  if (value === undefined) return { path, scopes: new Map(), rules: [], claims: [] };
  const mapping = checkObject(value, path, ['scopes', 'rules', 'claims'], 'with "scopes", "rules" and/or "claims"');

  const scopes = new Map<string, { path: string; targets: string[] }>();
  if (mapping['scopes'] !== undefined) {
    const at = member(path, 'scopes');
    for (const [scope, targets] of checkMap(mapping['scopes'], at, '{ "read:calendar": "calendar.events.read" }', true)) {
      const entry = member(at, scope);
      checkScope(scope, `${entry} (the key)`);
      const list = typeof targets === 'string' ? [checkScope(targets, entry)] : checkScopeList(targets, entry, false);
      list.forEach((target, index) => checkKnownScope(target, typeof targets === 'string' ? entry : `${entry}[${index}]`, names));
      scopes.set(scope, { path: entry, targets: list });
    }
  }

  const rules: CompiledRule[] = [];
  if (mapping['rules'] !== undefined) {
    const at = member(path, 'rules');
    if (!Array.isArray(mapping['rules'])) throw new TypeError(`\`${at}\` must be a list of rules such as { "when": { "claim": "group", "contains": "admin" }, "add": ["write:documents"] }.`);
    mapping['rules'].forEach((rule: unknown, index: number) => rules.push(checkRule(rule, `${at}[${index}]`, names)));
  }

  const claims = [];
  if (mapping['claims'] !== undefined) {
    const at = member(path, 'claims');
    if (!Array.isArray(mapping['claims'])) throw new TypeError(`\`${at}\` must be a list of claims steps such as { "copy": "email" }.`);
    for (const [index, step] of mapping['claims'].entries()) {
      claims.push({ path: `${at}[${index}]`, transform: checkClaimTransform(step, `${at}[${index}]`, names) });
    }
  }
  return { path, scopes, rules, claims };
}

function checkRule(value: unknown, path: string, names: MappingNames): CompiledRule {
  const rule = checkObject(value, path, ['name', 'when', 'add', 'remove'], 'such as { "when": { "claim": "group", "contains": "admin" }, "add": ["write:documents"] }');
  const name = rule['name'];
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) throw new TypeError(`\`${member(path, 'name')}\` must be a non-empty string.`);
  if (rule['when'] === undefined) throw new TypeError(`\`${path}\` has no "when"; add a condition such as { "claim": "group", "contains": "admin" }.`);
  const when = checkScopeCondition(rule['when'], member(path, 'when'), names);
  const add = rule['add'] === undefined ? [] : checkScopeList(rule['add'], member(path, 'add'), false);
  const remove = rule['remove'] === undefined ? [] : checkScopeList(rule['remove'], member(path, 'remove'), false);
  if (add.length === 0 && remove.length === 0) throw new TypeError(`\`${path}\` neither adds nor removes a scope; give it "add" and/or "remove".`);
  add.forEach((scope, index) => checkKnownScope(scope, `${member(path, 'add')}[${index}]`, names));
  remove.forEach((scope, index) => checkKnownScope(scope, `${member(path, 'remove')}[${index}]`, names));
  return { label: name === undefined ? path : `${path} (${name as string})`, when, add, remove };
}

function checkKnownScope(scope: string, path: string, names: MappingNames): void {
  if (!names.scopes.has(scope)) {
    throw new TypeError(`\`${path}\` names the scope ${JSON.stringify(scope)}, which no audience in \`policy.audiences\` defines; add it to an audience's "scopes" or fix the name (${known(names.scopes)}).`);
  }
}
