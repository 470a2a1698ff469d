import { parseBasket } from './parse-basket.js';
import { parseCatalogEvent } from './parse-catalog-event.js';
import { parseCheckout } from './parse-checkout.js';

describe('reading the APIs’ answers', () => {
  it('reads an eventcatalog event with its category', () => {
    expect(
      parseCatalogEvent({ id: 'e1', name: 'Live', artist: 'A', date: '2027-03-14T19:00:00.000Z', price: 65, description: 'd', category: { id: 'c', name: 'Concerts' } }),
    ).toEqual({ id: 'e1', name: 'Live', artist: 'A', date: '2027-03-14T19:00:00.000Z', price: 65, description: 'd', category: 'Concerts' });
  });

  it.each([[null], ['x'], [[]], [{ name: 'no id' }], [{ id: 'no name' }]])('skips %j as an event', (value) => {
    expect(parseCatalogEvent(value)).toBeUndefined();
  });

  it('reads a basket and skips lines without an event', () => {
    expect(parseBasket({ lines: [{ eventId: 'e1', name: 'Live', price: 65, quantity: 2, lineTotal: 130 }, { name: 'x' }, 'junk'], total: 130 })).toEqual({
      lines: [{ eventId: 'e1', eventName: 'Live', price: 65, quantity: 2 }],
      total: 130,
    });
    expect(parseBasket('junk')).toEqual({ lines: [] });
  });

  it('reads a checkout with or without a discount, keeping only the trail claims', () => {
    const order = { id: 'o', lines: [], subtotal: 130, discount: { code: 'ALICE-WELCOME', amount: 20 }, total: 110, placedAt: 'x' };
    const trail = [{ from: 'shoppingbasket', to: 'discount', claims: { aud: 'discount', sub: 'alice', act: { sub: 'shoppingbasket' }, exp: 5, token: 'eyJ.x.y' } }, { to: 'nobody' }];
    expect(parseCheckout({ order, trail })).toEqual({
      orderId: 'o',
      lines: [],
      subtotal: 130,
      coupon: { code: 'ALICE-WELCOME', amount: 20 },
      total: 110,
      hops: [
        {
          from: 'shoppingbasket',
          to: 'discount',
          obtainedBy: 'obtained by shoppingbasket with a token exchange (RFC 8693) at the authority; as discount verified it',
          claims: { aud: 'discount', sub: 'alice', act: { sub: 'shoppingbasket' }, exp: 5 },
        },
      ],
    });
    expect(parseCheckout({ order: { ...order, discount: null, total: 130 } })).toEqual({ orderId: 'o', lines: [], subtotal: 130, total: 130, hops: [] });
  });
});
