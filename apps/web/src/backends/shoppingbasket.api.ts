import { Injectable } from '@nestjs/common';
import { ApiTokensService, type StorefrontSession } from '../auth/api-tokens.service.js';
import { hopOfToken } from '../trail/hop-of-token.js';
import { ApiCaller } from './api.caller.js';
import type { Basket } from './basket.js';
import type { CatalogEvent } from './catalog-event.js';
import type { Called } from './called.js';
import type { CheckoutResult } from './checkout-result.js';
import { expectSuccess } from './expect-success.js';
import { parseBasket } from './parse-basket.js';
import { parseCheckout } from './parse-checkout.js';

/**
 * shoppingbasket, called with the signed-in person's token for audience shoppingbasket
 * (scope `shoppingbasket.fullaccess`). The basket is the caller's own: shoppingbasket picks it
 * by the token's `sub`.
 *
 * @example
 * ```ts
 * const { value: order, hops } = await basket.checkout(request.session);
 * ```
 */
@Injectable()
export class ShoppingBasketApi {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly caller: ApiCaller,
  ) {}

  async basket(session: StorefrontSession, returnTo: string): Promise<Called<Basket>> {
    const accessToken = await this.tokens.accessTokenFor(session, 'shoppingbasket', returnTo);
    const body = expectSuccess('shoppingbasket', await this.caller.call('shoppingbasket', { method: 'GET', path: '/basket', accessToken }));
    return { value: parseBasket(body), hops: [hopOfToken('shoppingbasket', accessToken)] };
  }

  /** Adds tickets for `event`, with its name and price as eventcatalog showed them (never as a form said). */
  async addLine(session: StorefrontSession, event: CatalogEvent, quantity: number): Promise<Called<Basket>> {
    const accessToken = await this.tokens.accessTokenFor(session, 'shoppingbasket', `/events/${encodeURIComponent(event.id)}`);
    const body = { eventId: event.id, name: event.name, price: event.price, quantity };
    const answer = await this.caller.call('shoppingbasket', { method: 'POST', path: '/basket/lines', accessToken, body });
    return { value: parseBasket(expectSuccess('shoppingbasket', answer)), hops: [hopOfToken('shoppingbasket', accessToken)] };
  }

  /** Checks out: shoppingbasket gets the person's coupon from discount on their behalf and applies it. */
  async checkout(session: StorefrontSession): Promise<Called<CheckoutResult>> {
    const accessToken = await this.tokens.accessTokenFor(session, 'shoppingbasket', '/basket');
    const answer = await this.caller.call('shoppingbasket', { method: 'POST', path: '/basket/checkout', accessToken });
    const order = parseCheckout(expectSuccess('shoppingbasket', answer));
    // shoppingbasket reports every token as the service that verified it saw it, ours included.
    return { value: order, hops: order.hops.length > 0 ? order.hops : [hopOfToken('shoppingbasket', accessToken)] };
  }
}
