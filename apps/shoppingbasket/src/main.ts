import { Logger } from '@nestjs/common';
import { demoServiceConfig, startDemoService } from '@baton-demo/kit';
import { ShoppingbasketModule } from './shoppingbasket.module.js';

const config = demoServiceConfig('shoppingbasket');
await startDemoService(ShoppingbasketModule.forRoot(config));
Logger.log(`shoppingbasket listening on ${config.baseUrl} (docs: ${config.baseUrl}/docs)`, 'Shoppingbasket');
