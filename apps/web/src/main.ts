import 'reflect-metadata';
import { portOf } from '@baton-demo/kit';
import { createWebApp } from './create-web-app.js';
import { webConfigFromEnvironment } from './config/web-config-from-environment.js';

// `node dist/main.js`: the storefront on the port of WEB_URL (default http://localhost:3000).
const config = webConfigFromEnvironment();
const app = await createWebApp(config);
app.enableShutdownHooks();
await app.listen(portOf(config.webUrl));
console.log(`GloboTicket storefront at ${config.webUrl}`);
