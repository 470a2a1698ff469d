import { bodySchema, field } from '@baton-demo/kit';

/** Body of `POST /events` and `PUT /events/:id`: the whole event. `price` is read in cents. */
export const eventInputSchema = bodySchema('EventInput', {
  name: field.text({ maxLength: 120, example: 'John Egbert Live' }),
  artist: field.text({ maxLength: 120, example: 'John Egbert' }),
  date: field.dateTime({ description: 'When it starts, with a time zone', example: '2027-03-14T20:00:00+01:00' }),
  price: field.money({ max: 10_000, description: 'Ticket price in euros, at most two decimals', example: 65 }),
  description: field.optional(field.text({ maxLength: 2000, example: 'Join John for his farewell tour across 15 continents.' })),
  categoryId: field.uuid({ description: 'Id of an existing category' }),
});

/** A valid event, prices in cents (what `eventInputSchema` gives). */
export interface EventInput {
  readonly name: string;
  readonly artist: string;
  readonly date: string;
  readonly priceCents: number;
  readonly description: string;
  readonly categoryId: string;
}
