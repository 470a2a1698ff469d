import type { Condition, MappingData, PolicyData } from './policy-arbitraries.test-helpers.js';

/*
 * An independent reading of the README's decision rules, computed from the policy as plain data
 * (not from the compiled policy the engine uses): what the fuzz properties compare decisions
 * with. Kept deliberately naive — plain loops over the JSON — so that it cannot share a bug
 * with the engine's Maps and Sets.
 */

/** Facts a condition is evaluated against. */
export interface OracleFacts {
  readonly claims: Readonly<Record<string, unknown>>;
  readonly scopes: readonly string[];
  readonly audience: string;
  readonly clientId: string;
}

/** `scope` (space-separated) or else `scp` (string or list) of a token, as the README reads them. */
export function subjectScopes(claims: Readonly<Record<string, unknown>>): string[] {
  const own = (name: string): unknown => (Object.hasOwn(claims, name) ? claims[name] : undefined);
  const scope = own('scope');
  const scp = own('scp');
  const raw = scope !== undefined ? scope : scp;
  if (typeof raw === 'string') return raw.split(' ').filter((value) => value !== '');
  return Array.isArray(raw) ? (raw as string[]) : [];
}

function readClaim(claims: Readonly<Record<string, unknown>>, path: unknown): unknown {
  let value: unknown = claims;
  for (const name of typeof path === 'string' ? [path] : (path as string[])) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/** The README's condition table, one row per branch. */
export function holds(condition: Condition, facts: OracleFacts): boolean {
  if ('claim' in condition) {
    const value = readClaim(facts.claims, condition['claim']);
    if ('exists' in condition) return (value !== undefined) === condition['exists'];
    if ('equals' in condition) return value === condition['equals'];
    if ('in' in condition) return (condition['in'] as unknown[]).includes(value);
    const word = condition['contains'];
    if (Array.isArray(value)) return value.includes(word);
    return typeof value === 'string' && value.split(' ').includes(word as string);
  }
  if ('scope' in condition) return facts.scopes.includes(condition['scope'] as string);
  if ('audience' in condition) return facts.audience === condition['audience'];
  if ('client' in condition) return facts.clientId === condition['client'];
  if ('all' in condition) return (condition['all'] as Condition[]).every((entry) => holds(entry, facts));
  if ('any' in condition) return (condition['any'] as Condition[]).some((entry) => holds(entry, facts));
  return !holds(condition['not'] as Condition, facts);
}

/** `mayHave = direct(subject scopes) ∪ add(matching rules) − remove(matching rules)`. */
export function mayHave(mapping: MappingData | undefined, facts: OracleFacts): Set<string> {
  const granted = new Set<string>();
  const removed = new Set<string>();
  for (const scope of facts.scopes) {
    if (mapping?.scopes === undefined || !Object.hasOwn(mapping.scopes, scope)) continue;
    const targets = mapping.scopes[scope]!;
    for (const target of typeof targets === 'string' ? [targets] : targets) granted.add(target);
  }
  for (const rule of mapping?.rules ?? []) {
    if (!holds(rule.when, facts)) continue;
    for (const scope of rule.add ?? []) granted.add(scope);
    for (const scope of rule.remove ?? []) removed.add(scope);
  }
  for (const scope of removed) granted.delete(scope);
  return granted;
}

/** The mapping (and subject prefix) that applies to tokens of `iss`. */
export function sourceOf(policy: PolicyData, iss: unknown): { mapping: MappingData | undefined; prefix: string; trusted: boolean } {
  const trusted = (policy.trustedIssuers ?? []).find((entry) => entry.issuer === iss);
  if (trusted !== undefined) return { mapping: trusted.mapping, prefix: trusted.subjectPrefix ?? '', trusted: true };
  return { mapping: policy.mapping, prefix: '', trusted: false };
}

/** The audience a `resource` value names: listed in `resources`, or an audience id that is an absolute URI. */
export function audienceOfResource(policy: PolicyData, resource: string): string | undefined {
  for (const [id, audience] of Object.entries(policy.audiences)) {
    if (audience.resources?.includes(resource)) return id;
  }
  return Object.hasOwn(policy.audiences, resource) && /^[a-z][a-z0-9+.-]*:/i.test(resource) ? resource : undefined;
}

/** Number of nested `act` objects. */
export function depthOf(act: unknown): number {
  let depth = 0;
  for (let link = act; link !== null && typeof link === 'object' && !Array.isArray(link); link = (link as Record<string, unknown>)['act']) depth += 1;
  return depth;
}

/** A JSON value as a list of strings, for `audience`/`resource` inputs. */
export function listOf(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}
