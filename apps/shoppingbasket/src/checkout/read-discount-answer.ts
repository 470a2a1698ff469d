import { BadGatewayException } from '@nestjs/common';
import type { ActorSeen, TokenClaimsSeen } from '@baton-demo/kit';
import type { DiscountAnswer } from './discount.gateway.js';

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads discount's JSON answer (`{ coupon, seenToken }`), trusting nothing: a field of the
 * wrong type is a 502, and of the token claims only `aud`, `sub`, `scope`, `client_id`, `act`
 * and `exp` are kept.
 *
 * @throws BadGatewayException (502) when the answer does not have the expected shape.
 */
export function readDiscountAnswer(body: unknown): DiscountAnswer {
  const coupon = isRecord(body) ? body.coupon : undefined;
  const seen = isRecord(body) ? body.seenToken : undefined;
  if (
    !isRecord(coupon) ||
    typeof coupon.code !== 'string' ||
    typeof coupon.amount !== 'number' ||
    !Number.isFinite(coupon.amount) ||
    coupon.amount < 0 ||
    typeof coupon.used !== 'boolean' ||
    !isRecord(seen)
  ) {
    throw new BadGatewayException('discount gave an answer of an unexpected shape');
  }
  return { coupon: { code: coupon.code, amountCents: Math.round(coupon.amount * 100), used: coupon.used }, seenToken: claimsOf(seen) };
}

function claimsOf(seen: Json): TokenClaimsSeen {
  const aud = typeof seen.aud === 'string' || (Array.isArray(seen.aud) && seen.aud.every((item) => typeof item === 'string')) ? (seen.aud as string | string[]) : undefined;
  if (aud === undefined || typeof seen.scope !== 'string' || typeof seen.exp !== 'number') {
    throw new BadGatewayException('discount gave an answer of an unexpected shape');
  }
  const act = actorOf(seen.act, 0);
  return {
    aud,
    ...(typeof seen.sub === 'string' ? { sub: seen.sub } : {}),
    scope: seen.scope,
    ...(typeof seen.client_id === 'string' ? { client_id: seen.client_id } : {}),
    ...(act === undefined ? {} : { act }),
    exp: seen.exp,
  };
}

function actorOf(value: unknown, depth: number): ActorSeen | undefined {
  if (!isRecord(value) || depth > 8) return undefined;
  const nested = actorOf(value.act, depth + 1);
  return {
    ...(typeof value.sub === 'string' ? { sub: value.sub } : {}),
    ...(typeof value.client_id === 'string' ? { client_id: value.client_id } : {}),
    ...(nested === undefined ? {} : { act: nested }),
  };
}
