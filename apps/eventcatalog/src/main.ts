import { Logger } from '@nestjs/common';
import { demoServiceConfig, startDemoService } from '@baton-demo/kit';
import { EventcatalogModule } from './eventcatalog.module.js';

const config = demoServiceConfig('eventcatalog');
await startDemoService(EventcatalogModule.forRoot(config));
Logger.log(`eventcatalog listening on ${config.baseUrl} (docs: ${config.baseUrl}/docs)`, 'Eventcatalog');
