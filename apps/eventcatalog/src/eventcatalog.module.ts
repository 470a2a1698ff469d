import { Module, type DynamicModule } from '@nestjs/common';
import { DemoServiceModule, type DemoServiceConfig, type DemoServiceOptions } from '@baton-demo/kit';
import { CategoriesController } from './categories/categories.controller.js';
import { CategoryRepository } from './categories/category.repository.js';
import { SqlCategoryRepository } from './categories/sql-category.repository.js';
import { EVENTCATALOG_MIGRATIONS } from './database/eventcatalog.migrations.js';
import { EventRepository } from './events/event.repository.js';
import { EventsController } from './events/events.controller.js';
import { SqlEventRepository } from './events/sql-event.repository.js';

/** What the eventcatalog service tells the demo kit about itself. */
export const EVENTCATALOG_OPTIONS: DemoServiceOptions = {
  title: 'GloboTicket eventcatalog',
  description:
    'Events and their categories. Access tokens must have the audience `eventcatalog`; browsing needs `eventcatalog.read`, ' +
    'creating and updating need `eventcatalog.write`.',
  migrations: EVENTCATALOG_MIGRATIONS,
};

/**
 * The eventcatalog service: categories and events on the demo kit's service module.
 *
 * @example
 * ```ts
 * const app = await startDemoService(EventcatalogModule.forRoot(demoServiceConfig('eventcatalog')));
 * ```
 */
@Module({})
export class EventcatalogModule {
  static forRoot(config: DemoServiceConfig, options: Partial<DemoServiceOptions> = {}): DynamicModule {
    return {
      module: EventcatalogModule,
      imports: [DemoServiceModule.forRoot(config, { ...EVENTCATALOG_OPTIONS, ...options })],
      controllers: [CategoriesController, EventsController],
      providers: [
        { provide: CategoryRepository, useClass: SqlCategoryRepository },
        { provide: EventRepository, useClass: SqlEventRepository },
      ],
    };
  }
}
