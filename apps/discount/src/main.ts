import { Logger } from '@nestjs/common';
import { demoServiceConfig, startDemoService } from '@baton-demo/kit';
import { DiscountModule } from './discount.module.js';

const config = demoServiceConfig('discount');
await startDemoService(DiscountModule.forRoot(config));
Logger.log(`discount listening on ${config.baseUrl} (docs: ${config.baseUrl}/docs)`, 'Discount');
