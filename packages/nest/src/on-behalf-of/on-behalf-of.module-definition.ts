import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { OnBehalfOfModuleOptions } from './on-behalf-of-module-options.js';

/** Extra `register` / `registerAsync` settings that shape the module itself. */
export interface OnBehalfOfModuleExtras {
  /** Make `DownstreamClient` and `OnBehalfOfContext` injectable everywhere (default true). */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableOnBehalfOfModule,
  MODULE_OPTIONS_TOKEN: ON_BEHALF_OF_MODULE_OPTIONS,
  OPTIONS_TYPE: ON_BEHALF_OF_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ON_BEHALF_OF_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<OnBehalfOfModuleOptions>({ moduleName: 'OnBehalfOf' })
  .setClassMethodName('register')
  .setExtras<OnBehalfOfModuleExtras>({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
