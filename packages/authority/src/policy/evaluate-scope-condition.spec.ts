import { evaluateScopeCondition, type ConditionFacts } from './evaluate-scope-condition.js';
import type { ScopeCondition } from './scope-condition.js';

const facts: ConditionFacts = {
  claims: {
    group: ['staff', 'admin'],
    roles: 'reader editor',
    department: 'marketing',
    level: 3,
    verified: true,
    'https://example.com/tenant': 'acme',
    realm_access: { roles: ['manager'] },
    empty: '',
  },
  scopes: new Set(['openid', 'read:calendar']),
  audience: 'documents',
  clientId: 'partner-gateway',
};

const cases: Array<[string, ScopeCondition, boolean]> = [
  ['contains: array member', { claim: 'group', contains: 'admin' }, true],
  ['contains: array non-member', { claim: 'group', contains: 'root' }, false],
  ['contains: whole word of a space-separated string', { claim: 'roles', contains: 'editor' }, true],
  ['contains: part of a word is not a word', { claim: 'roles', contains: 'edit' }, false],
  ['contains: case-sensitive', { claim: 'group', contains: 'Admin' }, false],
  ['contains: a number claim never contains', { claim: 'level', contains: '3' }, false],
  ['contains: missing claim', { claim: 'nope', contains: 'x' }, false],
  ['equals: string', { claim: 'department', equals: 'marketing' }, true],
  ['equals: other string', { claim: 'department', equals: 'Marketing' }, false],
  ['equals: number', { claim: 'level', equals: 3 }, true],
  ['equals: number vs string', { claim: 'level', equals: '3' }, false],
  ['equals: boolean', { claim: 'verified', equals: true }, true],
  ['equals: an array never equals a scalar', { claim: 'group', equals: 'admin' }, false],
  ['in: one of', { claim: 'department', in: ['sales', 'marketing'] }, true],
  ['in: none of', { claim: 'department', in: ['sales', 'it'] }, false],
  ['exists: true when present', { claim: 'empty', exists: true }, true],
  ['exists: false when absent', { claim: 'nope', exists: false }, true],
  ['exists: true when absent', { claim: 'nope', exists: true }, false],
  ['a claim name with dots is taken as is', { claim: 'https://example.com/tenant', equals: 'acme' }, true],
  ['a path into nested claims', { claim: ['realm_access', 'roles'], contains: 'manager' }, true],
  ['a path through a non-object', { claim: ['department', 'length'], exists: true }, false],
  ['a prototype member is never a claim', { claim: 'constructor', exists: true }, false],
  ['a prototype member on a path is never a claim', { claim: ['realm_access', '__proto__'], exists: true }, false],
  ['scope held', { scope: 'openid' }, true],
  ['scope not held', { scope: 'profile' }, false],
  ['audience', { audience: 'documents' }, true],
  ['other audience', { audience: 'discount' }, false],
  ['client', { client: 'partner-gateway' }, true],
  ['other client', { client: 'shoppingbasket' }, false],
  ['all: every one holds', { all: [{ scope: 'openid' }, { claim: 'group', contains: 'admin' }] }, true],
  ['all: one fails', { all: [{ scope: 'openid' }, { claim: 'group', contains: 'root' }] }, false],
  ['any: one holds', { any: [{ scope: 'profile' }, { claim: 'level', equals: 3 }] }, true],
  ['any: none holds', { any: [{ scope: 'profile' }, { claim: 'level', equals: 4 }] }, false],
  ['not', { not: { claim: 'department', equals: 'sales' } }, true],
  ['not not', { not: { not: { scope: 'openid' } } }, true],
];

describe('evaluateScopeCondition', () => {
  it.each(cases)('%s', (_name, condition, expected) => {
    expect(evaluateScopeCondition(condition, facts)).toBe(expected);
  });
});
