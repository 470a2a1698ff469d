import type { ActorIdentity } from './actor-identity.js';

/**
 * RFC 8693 §4.4: whether the subject token's `may_act` allows `actor`. Every member must
 * match: `sub` the actor's subject, `client_id` the client making the request, `iss` the
 * actor's issuer (this authority for the client itself). A `may_act` that is empty or holds a
 * member Baton cannot check allows no one: it fails closed.
 */
export function mayActAllows(mayAct: Readonly<Record<string, unknown>>, actor: ActorIdentity, authorityIssuer: string | undefined): boolean {
  const members = Object.keys(mayAct);
  if (members.length === 0) return false;
  return members.every((name) => {
    const expected = mayAct[name];
    switch (name) {
      case 'sub':
        return expected === actor.sub;
      case 'client_id':
        return expected === actor.clientId;
      case 'iss':
        return typeof expected === 'string' && expected === (actor.issuer ?? authorityIssuer);
      default:
        return false;
    }
  });
}
