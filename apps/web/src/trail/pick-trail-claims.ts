import type { TrailActor, TrailClaims } from './trail-claims.js';

type Claims = Record<string, unknown>;

function isRecord(value: unknown): value is Claims {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function seconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function audience(value: unknown): string | readonly string[] | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  return undefined;
}

function actor(value: unknown, depth: number): TrailActor | undefined {
  if (!isRecord(value) || depth > 4) return undefined;
  const sub = text(value.sub);
  const clientId = text(value.client_id);
  if (sub === undefined && clientId === undefined) return undefined;
  const nested = actor(value.act, depth + 1);
  return { ...(sub === undefined ? {} : { sub }), ...(clientId === undefined ? {} : { client_id: clientId }), ...(nested ? { act: nested } : {}) };
}

/**
 * Keeps only the claims the token trail shows (iss, sub, aud, scope, client_id, act, iat, exp),
 * each only if it has its JSON type; everything else is dropped.
 *
 * @example
 * ```ts
 * pickTrailClaims({ sub: 'alice', aud: 'discount', email: 'a@x', exp: 1 }); // { sub, aud, exp }
 * ```
 */
export function pickTrailClaims(claims: unknown): TrailClaims {
  if (!isRecord(claims)) return {};
  const picked = {
    iss: text(claims.iss),
    sub: text(claims.sub),
    aud: audience(claims.aud),
    scope: text(claims.scope),
    client_id: text(claims.client_id),
    act: actor(claims.act, 0),
    iat: seconds(claims.iat),
    exp: seconds(claims.exp),
  };
  return Object.fromEntries(Object.entries(picked).filter(([, value]) => value !== undefined)) as TrailClaims;
}
