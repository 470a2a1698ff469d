import type { ClaimTransform, JsonValue } from './claim-transform.js';
import { checkClaimPath } from './check-claim-path.js';
import { checkScopeCondition, type ConditionNames } from './check-scope-condition.js';
import { checkName, isRecord, member } from './policy-checks.js';
import { RESERVED_CLAIMS } from './reserved-claims.js';

const STEPS = ['copy', 'rename', 'drop', 'set'] as const;
const COMPANIONS: Record<(typeof STEPS)[number], readonly string[]> = { copy: [], rename: ['to'], drop: [], set: ['value'] };

/** Checks one {@link ClaimTransform}, naming the dotted path and the fix of the first mistake. */
export function checkClaimTransform(value: unknown, path: string, names: ConditionNames): ClaimTransform {
  if (!isRecord(value)) throw new TypeError(`\`${path}\` must be a claims step such as { "copy": "email" } or { "rename": "preferred_username", "to": "username" }.`);
  const steps = STEPS.filter((step) => step in value);
  if (steps.length !== 1) {
    throw new TypeError(`\`${path}\` must have exactly one of ${STEPS.join(', ')}; found ${steps.length === 0 ? 'none' : steps.join(', ')}.`);
  }
  const step = steps[0]!;
  const allowed = [step, ...COMPANIONS[step], 'when'];
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new TypeError(`\`${member(path, key)}\` does not belong to a "${step}" step; it takes ${allowed.join(', ')}.`);
  }
  const when = value['when'] === undefined ? undefined : checkScopeCondition(value['when'], member(path, 'when'), names);
  const withWhen = <T extends object>(transform: T): T => (when === undefined ? transform : { ...transform, when });
  const at = member(path, step);
  switch (step) {
    case 'copy':
      return withWhen({ copy: checkClaimNames(value['copy'], at) });
    case 'drop':
      return withWhen({ drop: checkClaimNames(value['drop'], at) });
    case 'rename':
      return withWhen({ rename: checkClaimPath(value['rename'], at), to: checkWritable(value['to'], member(path, 'to')) });
    case 'set':
      if (!('value' in value)) throw new TypeError(`\`${path}\` sets ${JSON.stringify(value['set'])} without a "value"; add "value": <any JSON>.`);
      return withWhen({ set: checkWritable(value['set'], at), value: checkJson(value['value'], member(path, 'value'), 0) });
  }
}

function checkClaimNames(value: unknown, path: string): string | string[] {
  if (typeof value === 'string') return checkWritable(value, path);
  if (Array.isArray(value) && value.length > 0) return value.map((name: unknown, index: number) => checkWritable(name, `${path}[${index}]`));
  throw new TypeError(`\`${path}\` must be a claim name or a non-empty list of them, e.g. ["email", "department"].`);
}

function checkWritable(value: unknown, path: string): string {
  const name = checkName(value, path, 'a claim name such as "email"');
  if (RESERVED_CLAIMS.has(name)) {
    throw new TypeError(`\`${path}\` names the registered claim "${name}", which the grant sets itself; use another claim name.`);
  }
  return name;
}

function checkJson(value: unknown, path: string, depth: number): JsonValue {
  if (depth > 16) throw new TypeError(`\`${path}\` nests deeper than 16 levels.`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map((entry: unknown, index: number) => checkJson(entry, `${path}[${index}]`, depth + 1));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, checkJson(entry, member(path, key), depth + 1)]));
  }
  throw new TypeError(`\`${path}\` must be a JSON value (string, finite number, boolean, null, array or object).`);
}
