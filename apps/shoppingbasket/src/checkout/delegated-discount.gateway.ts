import { BadGatewayException, Injectable } from '@nestjs/common';
import { DownstreamClient } from '@baton/nest';
import { DiscountGateway, type DiscountAnswer } from './discount.gateway.js';
import { readDiscountAnswer } from './read-discount-answer.js';

/** The name of discount among the on-behalf-of module's downstreams. */
export const DISCOUNT_DOWNSTREAM = 'discount';

/**
 * {@link DiscountGateway} over `@baton/nest`'s `DownstreamClient`: each call goes to discount
 * with a token the authority issued for audience `discount` on behalf of the user of the
 * current request (RFC 8693 token exchange, cached per user). The inbound token is never
 * sent; an authority or discount outage becomes a 503 with `Retry-After`, the authority
 * refusing the user's token a 401 — both answered by `@baton/nest`'s error filter.
 */
@Injectable()
export class DelegatedDiscountGateway extends DiscountGateway {
  constructor(private readonly downstreams: DownstreamClient) {
    super();
  }

  async currentCoupon(): Promise<DiscountAnswer> {
    const response = await this.downstreams.fetch(DISCOUNT_DOWNSTREAM, '/coupons/mine', { headers: { accept: 'application/json' } });
    return readDiscountAnswer(await this.jsonOf(response, [200]));
  }

  async redeemCoupon(): Promise<DiscountAnswer | 'already-used'> {
    const response = await this.downstreams.fetch(DISCOUNT_DOWNSTREAM, '/coupons/mine/use', { method: 'POST', headers: { accept: 'application/json' } });
    const body = await this.jsonOf(response, [200, 409]);
    return response.status === 409 ? 'already-used' : readDiscountAnswer(body);
  }

  private async jsonOf(response: Response, expected: readonly number[]): Promise<unknown> {
    if (!expected.includes(response.status)) {
      await response.body?.cancel();
      throw new BadGatewayException(`discount answered ${response.status}`);
    }
    try {
      return await response.json();
    } catch {
      throw new BadGatewayException('discount gave an answer that is not JSON');
    }
  }
}
