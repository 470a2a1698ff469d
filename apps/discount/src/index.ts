/**
 * @baton-demo/discount: the GloboTicket coupons, as a Nest module to boot
 * (`node dist/main.js`, or `startDemoService(DiscountModule.forRoot(config))` in a test).
 *
 * @packageDocumentation
 */
export { DiscountModule, DISCOUNT_OPTIONS } from './discount.module.js';
export type { Coupon } from './coupons/coupon.js';
export type { CouponAnswer } from './coupons/coupon-answer.js';
