/** The registered claims the engine reads from a subject or actor token, or why they are unusable. */
export interface SubjectClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: readonly string[];
  readonly exp: number;
  readonly scopes: ReadonlySet<string>;
  readonly clientId: string | undefined;
  readonly act: Readonly<Record<string, unknown>> | undefined;
  readonly mayAct: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Reads `iss`, `sub`, `aud`, `exp`, `scope`/`scp`, `client_id`, `act` and `may_act`. The grant
 * hands in claims that @baton/core already verified; a dry run may hand in anything, so every
 * type is checked again. Returns undefined when a claim is missing or of the wrong type.
 */
export function readSubjectClaims(claims: Readonly<Record<string, unknown>>): SubjectClaims | undefined {
  const { iss, sub, aud, exp, scope, scp, client_id: clientId, act, may_act: mayAct } = pick(claims);
  if (typeof iss !== 'string' || typeof sub !== 'string' || sub === '') return undefined;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  const audience = typeof aud === 'string' ? [aud] : aud;
  if (!Array.isArray(audience) || !audience.every((value) => typeof value === 'string')) return undefined;
  const scopes = readScopes(scope, scp);
  if (scopes === undefined) return undefined;
  if (clientId !== undefined && typeof clientId !== 'string') return undefined;
  if (act !== undefined && !isPlainObject(act)) return undefined;
  if (mayAct !== undefined && !isPlainObject(mayAct)) return undefined;
  return { iss, sub, aud: audience as string[], exp, scopes, clientId, act, mayAct };
}

function pick(claims: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const names = ['iss', 'sub', 'aud', 'exp', 'scope', 'scp', 'client_id', 'act', 'may_act'];
  return Object.fromEntries(names.map((name) => [name, Object.hasOwn(claims, name) ? claims[name] : undefined]));
}

function readScopes(scope: unknown, scp: unknown): ReadonlySet<string> | undefined {
  if (scope !== undefined) return typeof scope === 'string' ? split(scope) : undefined;
  if (scp === undefined) return new Set();
  if (typeof scp === 'string') return split(scp);
  if (Array.isArray(scp) && scp.every((value) => typeof value === 'string')) return new Set(scp as string[]);
  return undefined;
}

function split(scope: string): ReadonlySet<string> {
  return new Set(scope.split(' ').filter((value) => value !== ''));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
