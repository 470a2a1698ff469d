import { Injectable } from '@nestjs/common';
import { ApiTokensService, type StorefrontSession } from '../auth/api-tokens.service.js';
import { ApiCaller } from '../backends/api.caller.js';
import type { Called } from '../backends/called.js';
import { hopOfToken } from '../trail/hop-of-token.js';
import type { ProbeResult } from './probe-result.js';

function errorOf(body: unknown): string | undefined {
  return typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : undefined;
}

/** The path of discount that answers a person's coupon; any discount route must refuse the storefront's token. */
export const DISCOUNT_PROBE_PATH = '/coupons/mine';

/**
 * Makes the two requests that must be refused, with the storefront's own tokens, and reports
 * what the APIs answered:
 * - discount called directly with the token for shoppingbasket → 401 `invalid_token` (wrong audience);
 * - an event created at eventcatalog with a token that has only `eventcatalog.read` → 403 `insufficient_scope`.
 *
 * @example
 * ```ts
 * const { value: result, hops } = await probes.discountDirect(request.session);
 * ```
 */
@Injectable()
export class GuaranteeProbes {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly caller: ApiCaller,
  ) {}

  async discountDirect(session: StorefrontSession): Promise<Called<ProbeResult>> {
    const accessToken = await this.tokens.accessTokenFor(session, 'shoppingbasket', '/guarantees');
    const answer = await this.caller.call('discount', { method: 'GET', path: DISCOUNT_PROBE_PATH, accessToken });
    const expected = { status: 401, error: 'invalid_token' };
    return {
      value: {
        probe: 'discount-direct',
        request: `GET discount ${DISCOUNT_PROBE_PATH} with the storefront's token for shoppingbasket`,
        status: answer.status,
        ...(answer.wwwAuthenticate === undefined ? {} : { wwwAuthenticate: answer.wwwAuthenticate }),
        body: answer.body,
        expected,
        held: answer.status === expected.status && errorOf(answer.body) === expected.error,
      },
      hops: [hopOfToken('discount', accessToken, "the storefront's token for shoppingbasket, sent to discount on purpose")],
    };
  }

  async catalogWrite(session: StorefrontSession): Promise<Called<ProbeResult>> {
    const accessToken = await this.tokens.accessTokenFor(session, 'eventcatalog', '/guarantees');
    const event = {
      name: 'Not allowed',
      artist: 'The Storefront',
      date: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      price: 10,
      description: 'The storefront may only read the catalog; this must be refused.',
    };
    const answer = await this.caller.call('eventcatalog', { method: 'POST', path: '/events', accessToken, body: event });
    const expected = { status: 403, error: 'insufficient_scope' };
    return {
      value: {
        probe: 'catalog-write',
        request: "POST eventcatalog /events with the storefront's token for eventcatalog (scope eventcatalog.read)",
        status: answer.status,
        ...(answer.wwwAuthenticate === undefined ? {} : { wwwAuthenticate: answer.wwwAuthenticate }),
        body: answer.body,
        expected,
        held: answer.status === expected.status && errorOf(answer.body) === expected.error,
      },
      hops: [hopOfToken('eventcatalog', accessToken, "the storefront's token for eventcatalog, read scope only")],
    };
  }
}
