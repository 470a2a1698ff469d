import { BadRequestException } from '@nestjs/common';

/** The checked fields of the "add to basket" form. */
export interface AddToBasketForm {
  readonly eventId: string;
  readonly quantity: number;
}

/**
 * Reads and checks the "add to basket" form: an event id (short, printable) and 1–10 tickets.
 *
 * @example
 * ```ts
 * addToBasketForm({ eventId: '3', quantity: '2' }); // { eventId: '3', quantity: 2 }
 * ```
 */
export function addToBasketForm(body: unknown): AddToBasketForm {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const eventId = fields.eventId;
  const quantity = Number(fields.quantity ?? 1);
  if (typeof eventId !== 'string' || !/^[\w-]{1,64}$/.test(eventId)) throw new BadRequestException('eventId');
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > 10) throw new BadRequestException('quantity');
  return { eventId, quantity };
}
