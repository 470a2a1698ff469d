/**
 * A claim of the subject token: a top-level claim name (taken as is, dots included, e.g.
 * `https://example.com/groups`), or a path of member names into nested objects
 * (`['realm_access', 'roles']`).
 *
 * @example
 * ```ts
 * const groups: ClaimPath = 'https://example.com/groups';
 * const roles: ClaimPath = ['realm_access', 'roles'];
 * ```
 */
export type ClaimPath = string | readonly string[];

/**
 * A JSON scalar a claim can be compared with.
 *
 * @example
 * ```ts
 * const verified: ClaimScalar = true;
 * ```
 */
export type ClaimScalar = string | number | boolean;

/**
 * When a {@link ScopeRule} or a {@link ClaimTransform} applies. Exactly one operator per object;
 * combine with `all`, `any` and `not`.
 *
 * - `{ claim, equals }`: the claim is exactly this string, number or boolean;
 * - `{ claim, contains }`: the claim is an array holding this string, or a space-separated
 *   string holding it as a whole word;
 * - `{ claim, in }`: the claim equals one of these values;
 * - `{ claim, exists }`: the claim is present (`true`) or absent (`false`);
 * - `{ scope }`: the subject token carries this scope;
 * - `{ audience }`: the exchange targets this audience;
 * - `{ client }`: the exchange is made by this client.
 *
 * @example
 * ```ts
 * const admins: ScopeCondition = { claim: 'group', contains: 'admin' };
 * const verifiedMarketing: ScopeCondition = {
 *   all: [{ claim: 'department', equals: 'marketing' }, { claim: 'email_verified', equals: true }],
 * };
 * ```
 */
export type ScopeCondition =
  | { readonly claim: ClaimPath; readonly equals: ClaimScalar }
  | { readonly claim: ClaimPath; readonly contains: string }
  | { readonly claim: ClaimPath; readonly in: readonly ClaimScalar[] }
  | { readonly claim: ClaimPath; readonly exists: boolean }
  | { readonly scope: string }
  | { readonly audience: string }
  | { readonly client: string }
  | { readonly all: readonly ScopeCondition[] }
  | { readonly any: readonly ScopeCondition[] }
  | { readonly not: ScopeCondition };
