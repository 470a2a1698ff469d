import { Injectable } from '@nestjs/common';
import { ApiTokensService, type StorefrontSession } from '../auth/api-tokens.service.js';
import { hopOfToken } from '../trail/hop-of-token.js';
import { ApiCaller } from './api.caller.js';
import type { CatalogEvent } from './catalog-event.js';
import type { Called } from './called.js';
import { expectSuccess } from './expect-success.js';
import { parseCatalogEvent } from './parse-catalog-event.js';

/**
 * eventcatalog, called with the signed-in person's token for audience eventcatalog
 * (scope `eventcatalog.read`).
 *
 * @example
 * ```ts
 * const { value: events, hops } = await catalog.listEvents(request.session, '/');
 * ```
 */
@Injectable()
export class EventCatalogApi {
  constructor(
    private readonly tokens: ApiTokensService,
    private readonly caller: ApiCaller,
  ) {}

  async listEvents(session: StorefrontSession, returnTo: string): Promise<Called<CatalogEvent[]>> {
    const accessToken = await this.tokens.accessTokenFor(session, 'eventcatalog', returnTo);
    const body = expectSuccess('eventcatalog', await this.caller.call('eventcatalog', { method: 'GET', path: '/events', accessToken }));
    const list = Array.isArray(body) ? body : [];
    const events = list.map(parseCatalogEvent).filter((event): event is CatalogEvent => event !== undefined);
    return { value: events, hops: [hopOfToken('eventcatalog', accessToken)] };
  }

  /** One event, or `undefined` when eventcatalog does not know it (404). */
  async event(session: StorefrontSession, id: string, returnTo: string): Promise<Called<CatalogEvent | undefined>> {
    const accessToken = await this.tokens.accessTokenFor(session, 'eventcatalog', returnTo);
    const answer = await this.caller.call('eventcatalog', { method: 'GET', path: `/events/${encodeURIComponent(id)}`, accessToken });
    const hops = [hopOfToken('eventcatalog', accessToken)];
    if (answer.status === 404 || answer.status === 400) return { value: undefined, hops };
    return { value: parseCatalogEvent(expectSuccess('eventcatalog', answer)), hops };
  }
}
