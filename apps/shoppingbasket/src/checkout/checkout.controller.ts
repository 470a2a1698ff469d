import { BadGatewayException, ConflictException, Controller, Post } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Principal, RequireScope } from '@baton/nest';
import { claimsSeenOf, subjectOf } from '@baton-demo/kit';
import { BasketRepository } from '../basket/basket.repository.js';
import { CHECKOUT_RESULT_SCHEMA, type CheckoutResult } from './checkout-result.js';
import { DiscountGateway, type DiscountAnswer } from './discount.gateway.js';
import { OrderRepository } from './order.repository.js';

const EMPTY = 'The basket is empty';

/**
 * `POST /basket/checkout`: places the user's order with their coupon from discount, fetched
 * on behalf of the user (token exchange), and answers the token trail of the request.
 */
@ApiTags('basket')
@Controller('basket')
export class CheckoutController {
  constructor(
    private readonly baskets: BasketRepository,
    private readonly orders: OrderRepository,
    private readonly discount: DiscountGateway,
  ) {}

  @Post('checkout')
  @RequireScope('shoppingbasket.fullaccess')
  @ApiOperation({ summary: "Place the order, with the user's coupon if still unused; answers the token trail" })
  @ApiCreatedResponse({ schema: CHECKOUT_RESULT_SCHEMA })
  @ApiConflictResponse({ description: EMPTY })
  @ApiBadGatewayResponse({ description: 'discount refused the delegated token or answered something unexpected.' })
  @ApiServiceUnavailableResponse({ description: 'The authority or discount cannot be reached now (Retry-After).' })
  async checkout(@Principal() principal: Principal): Promise<CheckoutResult> {
    const subject = subjectOf(principal);
    if ((await this.baskets.basketOf(subject)).lines.length === 0) throw new ConflictException(EMPTY);

    const current = this.forThisUser(await this.discount.currentCoupon(), subject);
    let seen = current;
    let redeemed: DiscountAnswer | undefined;
    if (!current.coupon.used) {
      const answer = await this.discount.redeemCoupon();
      if (answer !== 'already-used') redeemed = seen = this.forThisUser(answer, subject);
    }

    const order = await this.orders.placeOrder(subject, redeemed && { code: redeemed.coupon.code, amountCents: redeemed.coupon.amountCents });
    if (order === undefined) throw new ConflictException(EMPTY);
    const inbound = claimsSeenOf(principal);
    return {
      order,
      trail: [
        { from: inbound.client_id ?? 'caller', to: 'shoppingbasket', claims: inbound },
        { from: 'shoppingbasket', to: 'discount', claims: seen.seenToken },
      ],
    };
  }

  /** discount must have answered about the user we act for: anything else is a broken exchange. */
  private forThisUser(answer: DiscountAnswer, subject: string): DiscountAnswer {
    if (answer.seenToken.sub !== subject) throw new BadGatewayException('discount answered for another user');
    return answer;
  }
}
