import type { ClaimPath, ScopeCondition } from './scope-condition.js';

/**
 * Any JSON value.
 *
 * @example
 * ```ts
 * const value: JsonValue = { tier: 2, tags: ['partner'] };
 * ```
 */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [name: string]: JsonValue };

/**
 * One step building the claims of the new token. The new token starts with no claim from the
 * subject token beyond `sub`; steps run in order, each only when its optional `when` holds:
 *
 * - `{ copy }`: copy these top-level claims of the subject token, under the same names;
 * - `{ rename, to }`: copy one claim (a name or a path into nested objects) under another name;
 * - `{ drop }`: remove claims that earlier steps put in the new token;
 * - `{ set, value }`: set a claim to a fixed JSON value.
 *
 * Registered claims (`iss`, `sub`, `aud`, `exp`, `nbf`, `iat`, `jti`, `client_id`, `scope`,
 * `scp`, `act`, `may_act`, `cnf`, `authorization_details`) can never be written: the grant sets
 * them.
 *
 * @example
 * ```ts
 * const claims: ClaimTransform[] = [
 *   { copy: ['email', 'department'] },
 *   { rename: 'preferred_username', to: 'username' },
 *   { drop: 'department', when: { claim: 'department', equals: 'internal' } },
 *   { set: 'tenant', value: 'partner' },
 * ];
 * ```
 */
export type ClaimTransform =
  | { readonly copy: string | readonly string[]; readonly when?: ScopeCondition }
  | { readonly rename: ClaimPath; readonly to: string; readonly when?: ScopeCondition }
  | { readonly drop: string | readonly string[]; readonly when?: ScopeCondition }
  | { readonly set: string; readonly value: JsonValue; readonly when?: ScopeCondition };
