import fc from 'fast-check';
import { validateTokenExchangePolicy } from '../../src/index.js';
import { fuzzParameters, fuzzTimeout } from './fuzz-settings.js';
import { validPolicy } from './policy-arbitraries.test-helpers.js';

/** A start-up error that names the dotted path of the mistake: `` `policy…` `` first. */
const NAMES_A_PATH = /^`policy(?:[.[][^`]*)?`/;

/** Values of every shape a hand-written or generated policy file (or a caller's object) may hold. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2, withBoxedValues: true, withMap: true, withSet: true, withSparseArray: true, withNullPrototype: true, withDate: true, withTypedArray: true, withBigInt: true }),
  fc.constantFrom<unknown>(undefined, null, '', ' discount', 'discount ', 0, -1, 1.5, 86_401, Number.NaN, Infinity, true, [], {}, [''], ['a', 'a'], '__proto__', 'constructor', 'http://x#frag'),
  fc.func(fc.anything()),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Mutation = { at: number; kind: 'replace' | 'delete' | 'add'; value: unknown; key: string };

/** Every container (object or array) of `value` with the path to it. */
function containers(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (value === null || typeof value !== 'object') return [];
  const own = Object.entries(value as Record<string, unknown>).flatMap(([key, entry]) => containers(entry, [...path, Array.isArray(value) ? Number(key) : key]));
  return [path, ...own];
}

/** A copy of a valid policy with one member replaced, removed or added somewhere. */
function mutate(policy: Json, change: Mutation): unknown {
  const copy = JSON.parse(JSON.stringify(policy)) as Json;
  const paths = containers(copy);
  const path = paths[change.at % paths.length]!;
  const parent = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string, unknown> | unknown[];
  const keys = Object.keys(parent);
  if (change.kind === 'add' || keys.length === 0) {
    if (Array.isArray(parent)) parent.push(change.value);
    else parent[change.key] = change.value;
    return copy;
  }
  const key = keys[change.at % keys.length]!;
  if (change.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else {
    (parent as Record<string, unknown>)[key] = change.value;
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'add'),
  value: anyValue,
  key: fc.oneof(fc.constantFrom('scopes', 'targets', 'when', 'add', 'copy', 'typo', '__proto__', 'constructor'), fc.string({ maxLength: 8 })),
});

/**
 * JSON data only: no holes, no Map, Date or boxed value (an object member set to undefined is
 * taken as absent, as a TypeScript caller writing `tokenLifetime: undefined` means). Prototypes are compared
 * by shape, not identity: the validator's copy (structuredClone) belongs to another realm than
 * the test's objects under Jest.
 */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return Array.from({ length: value.length }, (_, index) => index in value).every(Boolean) && value.every(isPlainJson);
  if (typeof value !== 'object' || Object.prototype.toString.call(value) !== '[object Object]') return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype !== null && Object.getPrototypeOf(prototype) !== null) return false;
  return Object.values(value).every((entry) => entry === undefined || isPlainJson(entry));
}

function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

/** Validation either returns a deep-frozen policy that is plain JSON, or throws a TypeError naming the path. */
function checkOutcome(input: unknown): 'valid' | 'refused' {
  let policy: unknown;
  try {
    policy = validateTokenExchangePolicy(input);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(NAMES_A_PATH);
    return 'refused';
  }
  expect(isDeepFrozen(policy)).toBe(true);
  // What was accepted is plain data: it survives a JSON round trip unchanged, and validates again.
  expect(isPlainJson(policy)).toBe(true);
  const json = JSON.parse(JSON.stringify(policy)) as unknown;
  expect(json).toEqual(policy);
  expect(validateTokenExchangePolicy(json)).toEqual(policy);
  return 'valid';
}

describe('fuzz: validateTokenExchangePolicy', () => {
  it('every generated valid policy is accepted, deep-frozen, and unchanged by a JSON round trip', () => {
    fc.assert(
      fc.property(validPolicy, (policy) => {
        expect(checkOutcome(policy)).toBe('valid');
        expect(validateTokenExchangePolicy(policy)).toEqual(policy);
      }),
      fuzzParameters(150),
    );
  }, fuzzTimeout(150));

  it('any value at all is accepted as plain data or refused with a TypeError naming `policy…`, never another error', () => {
    fc.assert(
      fc.property(anyValue, (input) => {
        checkOutcome(input);
      }),
      fuzzParameters(1000),
    );
  }, fuzzTimeout(1000));

  it('a valid policy with one member replaced, removed or added anywhere is accepted as plain data or refused with a TypeError naming the path', () => {
    const outcomes = { valid: 0, refused: 0 };
    fc.assert(
      fc.property(validPolicy, mutation, (policy, change) => {
        outcomes[checkOutcome(mutate(policy as Json, change))] += 1;
      }),
      fuzzParameters(1000),
    );
    // Both sides are reached: mutations the schema tolerates (an optional member removed) and ones it refuses.
    expect(outcomes.valid).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  }, fuzzTimeout(1000));

  it('the refusal names the path of the member that was broken, for a value of the wrong type put in place of a list of scopes', () => {
    fc.assert(
      fc.property(validPolicy, fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([]), fc.constant([' a'])), (policy, wrong) => {
        const [audience] = Object.keys(policy.audiences);
        const broken = { ...policy, audiences: { ...policy.audiences, [audience!]: { ...policy.audiences[audience!]!, scopes: wrong } } };
        expect(() => validateTokenExchangePolicy(broken)).toThrow(TypeError);
        let message = '';
        try {
          validateTokenExchangePolicy(broken);
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message.startsWith(`\`policy.audiences${/^[A-Za-z_$][\w$]*$/.test(audience!) ? `.${audience!}` : `[${JSON.stringify(audience)}]`}.scopes`)).toBe(true);
      }),
      fuzzParameters(150),
    );
  }, fuzzTimeout(150));

  it.each<[string, (base: Record<string, unknown>) => unknown, string]>([
    ['a Map as mapping.scopes (read as an empty mapping before)', (base) => ({ ...base, mapping: { scopes: new Map([['openid', 'read']]) } }), '`policy.mapping.scopes` must be plain data'],
    ['a Set as a claims step value', (base) => ({ ...base, mapping: { claims: [{ set: 'tenant', value: new Set(['a']) }] } }), '`policy.mapping.claims[0].value` must be plain data'],
    ['a Date as a claims step value', (base) => ({ ...base, mapping: { claims: [{ set: 'tenant', value: new Date(0) }] } }), '`policy.mapping.claims[0].value` must be plain data'],
    // eslint-disable-next-line no-sparse-arrays
    ['a sparse list of scopes', (base) => ({ ...base, audiences: { discount: { scopes: ['read', , 'write'] } } }), '`policy.audiences.discount.scopes[1]` is missing (a sparse array)'],
  ])('found by the mutation property (seed 20261122): %s is refused with a TypeError naming the path', (_name, build, start) => {
    const base = { audiences: { discount: { scopes: ['read', 'write'] } }, clients: { basket: { ownAudiences: ['svc'], targets: { discount: { scopes: ['read'] } } } } };
    expect(() => validateTokenExchangePolicy(build(base))).toThrow(TypeError);
    expect(() => validateTokenExchangePolicy(build(base))).toThrow(start);
  });
});
