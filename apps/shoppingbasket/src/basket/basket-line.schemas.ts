import { bodySchema, field } from '@baton-demo/kit';

/** Most tickets of one event in one basket. */
export const MAX_TICKETS_PER_EVENT = 20;

/**
 * Body of `POST /basket/lines`. The storefront sends the event's name and price as the
 * eventcatalog showed them; the basket keeps them as the line's snapshot.
 */
export const newBasketLineSchema = bodySchema('NewBasketLine', {
  eventId: field.uuid({ description: 'Id of the event in eventcatalog' }),
  name: field.text({ maxLength: 120, description: 'Name of the event, as eventcatalog shows it', example: 'John Egbert Live' }),
  price: field.money({ max: 10_000, description: 'Price of one ticket in euros, as eventcatalog shows it', example: 65 }),
  quantity: field.integer({ min: 1, max: MAX_TICKETS_PER_EVENT, example: 2 }),
});

/** Body of `PUT /basket/lines/:eventId`. */
export const basketLineQuantitySchema = bodySchema('BasketLineQuantity', {
  quantity: field.integer({ min: 1, max: MAX_TICKETS_PER_EVENT, example: 3 }),
});
