import { ConflictException, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Principal, RequireScope } from '@baton/nest';
import { claimsSeenOf, subjectOf } from '@baton-demo/kit';
import { COUPON_ANSWER_SCHEMA, type CouponAnswer } from './coupon-answer.js';
import { CouponRepository } from './coupon.repository.js';

/**
 * `/coupons/mine`: the coupon of the user the token names (`sub`), whoever acts for them.
 * Only tokens with the audience `discount` get here (the audience guard): the storefront's
 * own token is refused with 401 `invalid_token`; shoppingbasket exchanges it first.
 */
@ApiTags('coupons')
@Controller('coupons')
@RequireScope('discount.fullaccess')
export class CouponsController {
  constructor(private readonly coupons: CouponRepository) {}

  @Get('mine')
  @ApiOperation({ summary: "The caller's coupon (one is issued on first request)" })
  @ApiOkResponse({ schema: COUPON_ANSWER_SCHEMA })
  async mine(@Principal() principal: Principal): Promise<CouponAnswer> {
    return { coupon: await this.coupons.findOrIssue(subjectOf(principal)), seenToken: claimsSeenOf(principal) };
  }

  @Post('mine/use')
  @HttpCode(200)
  @ApiOperation({ summary: "Mark the caller's coupon used" })
  @ApiOkResponse({ schema: COUPON_ANSWER_SCHEMA })
  @ApiConflictResponse({ description: 'The coupon was already used.' })
  async use(@Principal() principal: Principal): Promise<CouponAnswer> {
    const result = await this.coupons.markUsed(subjectOf(principal));
    if (result.outcome === 'already-used') throw new ConflictException('The coupon was already used');
    return { coupon: result.coupon, seenToken: claimsSeenOf(principal) };
  }
}
