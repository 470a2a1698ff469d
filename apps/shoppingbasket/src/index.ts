/**
 * @baton-demo/shoppingbasket: the GloboTicket basket and checkout, as a Nest module to boot
 * (`node dist/main.js`, or `startDemoService(ShoppingbasketModule.forRoot(config, options))` in a test).
 *
 * @packageDocumentation
 */
export { ShoppingbasketModule, SHOPPINGBASKET_OPTIONS, type ShoppingbasketOptions } from './shoppingbasket.module.js';
export type { Basket, BasketLine } from './basket/basket.js';
export type { CheckoutResult } from './checkout/checkout-result.js';
export type { AppliedDiscount, Order } from './checkout/order.js';
export type { TrailHop } from './checkout/trail-hop.js';
export { DiscountGateway, type DiscountAnswer, type DiscountCoupon } from './checkout/discount.gateway.js';
