import type { Actor, Principal } from '@baton/core';
import type { ActorSeen, TokenClaimsSeen } from './token-claims-seen.js';

/**
 * The trail claims of the verified token behind `principal`: `aud`, `sub`, `scope`,
 * `client_id`, `act` and `exp`, and nothing else.
 *
 * @example
 * ```ts
 * @Get('mine') @RequireScope('discount.fullaccess')
 * mine(@Principal() principal: Principal) { return { coupon, seenToken: claimsSeenOf(principal) }; }
 * ```
 */
export function claimsSeenOf(principal: Principal): TokenClaimsSeen {
  const rawAudience = principal.claims.aud;
  const rawScope = principal.claims.scope;
  const act = principal.actor === undefined ? undefined : actorSeen(principal.actor);
  return {
    aud: typeof rawAudience === 'string' ? rawAudience : [...principal.audience],
    ...(principal.subject === undefined ? {} : { sub: principal.subject }),
    scope: typeof rawScope === 'string' ? rawScope : [...principal.scopes].join(' '),
    ...(principal.clientId === undefined ? {} : { client_id: principal.clientId }),
    ...(act === undefined ? {} : { act }),
    exp: principal.expiresAt,
  };
}

function actorSeen(actor: Actor): ActorSeen {
  return {
    ...(actor.subject === undefined ? {} : { sub: actor.subject }),
    ...(actor.clientId === undefined ? {} : { client_id: actor.clientId }),
    ...(actor.actor === undefined ? {} : { act: actorSeen(actor.actor) }),
  };
}
