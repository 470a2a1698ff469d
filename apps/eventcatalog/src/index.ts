/**
 * @baton-demo/eventcatalog: the GloboTicket event catalog, as a Nest module to boot
 * (`node dist/main.js`, or `startDemoService(EventcatalogModule.forRoot(config))` in a test).
 *
 * @packageDocumentation
 */
export { EventcatalogModule, EVENTCATALOG_OPTIONS } from './eventcatalog.module.js';
export type { Category } from './categories/category.js';
export type { CatalogEvent } from './events/catalog-event.js';
