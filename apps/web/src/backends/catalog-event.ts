/** An event as the storefront shows it. */
export interface CatalogEvent {
  readonly id: string;
  readonly name: string;
  readonly artist: string;
  /** ISO 8601 date (and time) of the event. */
  readonly date: string;
  /** Price of one ticket, in the catalog's currency unit (e.g. 65 or 65.5). */
  readonly price: number;
  readonly description: string;
  readonly category?: string;
}
