import type { SqlExecutor } from '@baton-demo/kit';

interface SeedEvent {
  name: string;
  artist: string;
  category: string;
  /** Days from the first start of the service, so the events are always ahead. */
  inDays: number;
  /** Local start time in Europe/Brussels-like UTC+1, as hours. */
  hour: number;
  priceCents: number;
  description: string;
}

const CATEGORIES = ['Concerts', 'Musicals', 'Plays', 'Conferences'];

const EVENTS: SeedEvent[] = [
  { name: 'John Egbert Live', artist: 'John Egbert', category: 'Concerts', inDays: 21, hour: 20, priceCents: 6500, description: 'Join John for his farewell tour across 15 continents. John really needs no introduction since he has already mesmerized the world with his banjo.' },
  { name: 'The State of Affairs: Michael Live!', artist: 'Michael Johnson', category: 'Concerts', inDays: 34, hour: 20, priceCents: 8500, description: 'Michael Johnson does not need an introduction. His 12 number one hits are known across the globe.' },
  { name: 'Clash of the DJs', artist: 'DJ 2 Face', category: 'Concerts', inDays: 45, hour: 22, priceCents: 8500, description: 'DJs from all over the world compete in an epic battle for eternal fame.' },
  { name: 'Spanish guitar hits with Manuel', artist: 'Manuel Santinonisi', category: 'Concerts', inDays: 58, hour: 19, priceCents: 2500, description: 'Get on the hype of Spanish Guitar concerts with Manuel.' },
  { name: 'To the Moon and Back', artist: 'Nick Sailor', category: 'Musicals', inDays: 27, hour: 19, priceCents: 13500, description: 'The critics are over the moon and so will you after you have watched this sing and dance extravaganza written by Nick Sailor.' },
  { name: 'The Lighthouse Keepers', artist: 'Harbour Lane Company', category: 'Musicals', inDays: 73, hour: 15, priceCents: 5900, description: 'Two sisters, one lighthouse and the storm of the century, with a score that will stay with you for weeks.' },
  { name: 'A Midsummer Night in Antwerp', artist: 'Theater Zuidpool', category: 'Plays', inDays: 40, hour: 20, priceCents: 3200, description: "Shakespeare's comedy moved to the docks of Antwerp, in a sparkling new translation." },
  { name: 'The Last Train to Ostend', artist: 'Compagnie Marée Basse', category: 'Plays', inDays: 86, hour: 20, priceCents: 2800, description: 'A night train, seven strangers and one secret. A thriller played in real time.' },
  { name: 'Techorama', artist: 'Various speakers', category: 'Conferences', inDays: 64, hour: 9, priceCents: 40000, description: 'The yearly conference on everything developers build with, from the cloud to the browser.' },
  { name: 'Identity Days', artist: 'Various speakers', category: 'Conferences', inDays: 99, hour: 9, priceCents: 19900, description: 'Two days on OAuth 2.0, OpenID Connect and token exchange, from the people who write the specifications.' },
];

/**
 * Fills an empty catalog: a few categories and events a visitor of the demo can browse,
 * dated from the first start of the service onwards.
 *
 * @example
 * ```ts
 * const createCatalog: SchemaMigration = { id: '001-catalog', sql: CATALOG_SCHEMA, seed: seedCatalog };
 * ```
 */
export async function seedCatalog(tx: SqlExecutor, now: Date = new Date()): Promise<void> {
  const categoryIds = new Map<string, string>();
  for (const name of CATEGORIES) {
    const [row] = await tx.query<{ id: string }>('insert into categories (name) values ($1) returning id', [name]);
    categoryIds.set(name, row!.id);
  }
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (const event of EVENTS) {
    // Local time in UTC+1: the demo's venues are in Belgium.
    const date = new Date(midnight + event.inDays * 86_400_000 + (event.hour - 1) * 3_600_000);
    await tx.query('insert into events (name, artist, date, price_cents, description, category_id) values ($1, $2, $3, $4, $5, $6)', [
      event.name,
      event.artist,
      date,
      event.priceCents,
      event.description,
      categoryIds.get(event.category)!,
    ]);
  }
}
