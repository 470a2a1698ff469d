import { checkClaimPath } from './check-claim-path.js';
import { checkName, checkScope, isRecord, known, member } from './policy-checks.js';
import type { ClaimScalar, ScopeCondition } from './scope-condition.js';

/** Names a condition may refer to, to catch typos at start-up. */
export interface ConditionNames {
  readonly audiences: ReadonlySet<string>;
  readonly clients: ReadonlySet<string>;
}

const CLAIM_OPERATORS = ['equals', 'contains', 'in', 'exists'] as const;
const OPERATORS = ['claim', 'scope', 'audience', 'client', 'all', 'any', 'not'] as const;
const EXAMPLE = '{ "claim": "group", "contains": "admin" }';
const MAX_DEPTH = 16;

/**
 * Checks one {@link ScopeCondition} (recursively), naming the dotted path and the fix of the
 * first mistake.
 */
export function checkScopeCondition(value: unknown, path: string, names: ConditionNames, depth = 0): ScopeCondition {
  if (depth > MAX_DEPTH) throw new TypeError(`\`${path}\` nests conditions deeper than ${MAX_DEPTH} levels; flatten it with "all" or "any".`);
  if (!isRecord(value)) throw new TypeError(`\`${path}\` must be a condition object, e.g. ${EXAMPLE}.`);
  const keys = Object.keys(value);
  if ('claim' in value) return checkClaimCondition(value, path, keys);
  const operator = keys.length === 1 ? keys[0]! : undefined;
  if (operator === undefined || !(OPERATORS as readonly string[]).includes(operator)) {
    throw new TypeError(`\`${path}\` must have exactly one operator (${OPERATORS.join(', ')}), e.g. ${EXAMPLE}; found ${keys.length === 0 ? 'none' : keys.join(', ')}.`);
  }
  const operand = value[operator];
  const at = member(path, operator);
  switch (operator) {
    case 'scope':
      return { scope: checkScope(operand, at) };
    case 'audience': {
      const audience = checkName(operand, at, 'an audience');
      if (!names.audiences.has(audience)) throw new TypeError(`\`${at}\` names the audience ${JSON.stringify(audience)}, which \`policy.audiences\` does not define (${known(names.audiences)}).`);
      return { audience };
    }
    case 'client': {
      const client = checkName(operand, at, 'a client id');
      if (!names.clients.has(client)) throw new TypeError(`\`${at}\` names the client ${JSON.stringify(client)}, which \`policy.clients\` does not define (${known(names.clients)}).`);
      return { client };
    }
    case 'not':
      return { not: checkScopeCondition(operand, at, names, depth + 1) };
    default: {
      if (!Array.isArray(operand) || operand.length === 0) throw new TypeError(`\`${at}\` must be a non-empty list of conditions.`);
      const list = operand.map((entry: unknown, index: number) => checkScopeCondition(entry, `${at}[${index}]`, names, depth + 1));
      return operator === 'all' ? { all: list } : { any: list };
    }
  }
}

function checkClaimCondition(value: Record<string, unknown>, path: string, keys: string[]): ScopeCondition {
  const claim = checkClaimPath(value['claim'], member(path, 'claim'));
  const operators = keys.filter((key) => key !== 'claim');
  const operator = operators.length === 1 ? operators[0]! : undefined;
  if (operator === undefined || !(CLAIM_OPERATORS as readonly string[]).includes(operator)) {
    throw new TypeError(`\`${path}\` must pair "claim" with exactly one of ${CLAIM_OPERATORS.join(', ')}, e.g. ${EXAMPLE}; found ${operators.length === 0 ? 'none' : operators.join(', ')}.`);
  }
  const operand = value[operator];
  const at = member(path, operator);
  switch (operator) {
    case 'equals':
      return { claim, equals: checkScalar(operand, at) };
    case 'contains':
      if (typeof operand !== 'string' || operand.length === 0) throw new TypeError(`\`${at}\` must be a non-empty string, e.g. "admin".`);
      return { claim, contains: operand };
    case 'in':
      if (!Array.isArray(operand) || operand.length === 0) throw new TypeError(`\`${at}\` must be a non-empty list of strings, numbers or booleans.`);
      return { claim, in: operand.map((entry: unknown, index: number) => checkScalar(entry, `${at}[${index}]`)) };
    default:
      if (typeof operand !== 'boolean') throw new TypeError(`\`${at}\` must be true or false.`);
      return { claim, exists: operand };
  }
}

function checkScalar(value: unknown, path: string): ClaimScalar {
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new TypeError(`\`${path}\` must be a string, a finite number or a boolean.`);
}
