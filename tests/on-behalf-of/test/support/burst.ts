import { ask } from './ask.js';
import type { Via } from './shop-app.js';

/** What a burst of outbound calls came back with. */
export interface BurstOutcome {
  /** Outbound calls made. */
  readonly calls: number;
  /** Calls discount answered 200 for the right user. */
  readonly served: number;
  /** Calls whose token discount saw named another user than the one calling (must be 0). */
  readonly wrongUser: number;
  /** Statuses of the inbound requests. */
  readonly inboundStatuses: Record<string, number>;
  readonly elapsedMs: number;
}

/**
 * One inbound request per user, all at once, each making `callsPerUser` concurrent calls to
 * discount (`/basket/fan-out`): users × callsPerUser outbound calls in flight together, none
 * of which can find a cached token when it starts.
 */
export async function fanOutBurst(shopUrl: string, tokens: ReadonlyMap<string, string>, callsPerUser: number, via: Via): Promise<BurstOutcome> {
  const started = Date.now();
  const answers = await Promise.all([...tokens].map(async ([sub, token]) => ({ sub, answer: await ask(`${shopUrl}/basket/fan-out?via=${via}&calls=${callsPerUser}`, token) })));
  const inboundStatuses: Record<string, number> = {};
  let served = 0;
  let wrongUser = 0;
  for (const { sub, answer } of answers) {
    inboundStatuses[answer.status] = (inboundStatuses[answer.status] ?? 0) + 1;
    if (answer.status !== 200) continue;
    const { statuses, subs } = answer.body as { statuses: Record<string, number>; subs: Record<string, number> };
    for (const [seenSub, count] of Object.entries(subs)) if (seenSub !== sub && seenSub !== '(none)') wrongUser += count;
    served += Math.min(statuses['200'] ?? 0, subs[sub] ?? 0);
  }
  return { calls: tokens.size * callsPerUser, served, wrongUser, inboundStatuses, elapsedMs: Date.now() - started };
}

/**
 * `callsPerUser` inbound requests per user, interleaved and all at once, each making one call
 * to discount (`/basket/coupon`): as many concurrent outbound calls, from separate requests.
 */
export async function inboundBurst(shopUrl: string, tokens: ReadonlyMap<string, string>, callsPerUser: number, via: Via): Promise<BurstOutcome> {
  const started = Date.now();
  const order: Array<[string, string]> = [];
  for (let round = 0; round < callsPerUser; round += 1) order.push(...tokens);
  const answers = await Promise.all(order.map(async ([sub, token]) => ({ sub, answer: await ask(`${shopUrl}/basket/coupon?via=${via}`, token) })));
  const inboundStatuses: Record<string, number> = {};
  let served = 0;
  let wrongUser = 0;
  for (const { sub, answer } of answers) {
    inboundStatuses[answer.status] = (inboundStatuses[answer.status] ?? 0) + 1;
    if (answer.status !== 200) continue;
    const seen = answer.body as { status: number; body: string };
    const seenSub = seen.status === 200 ? (JSON.parse(seen.body) as { sub?: string }).sub : undefined;
    if (seenSub === sub) served += 1;
    else if (seenSub !== undefined) wrongUser += 1;
  }
  return { calls: order.length, served, wrongUser, inboundStatuses, elapsedMs: Date.now() - started };
}
