import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { OnBehalfOfModuleOptions } from './on-behalf-of-module-options.js';

/**
 * Extra `register` / `registerAsync` settings that shape the module itself.
 *
 * @example
 * ```ts
 * OnBehalfOfModule.register({ ...options, isGlobal: false }) // DownstreamClient only where imported
 * ```
 */
export interface OnBehalfOfModuleExtras {
  /** Make `DownstreamClient` and `OnBehalfOfContext` injectable everywhere (default true). */
  isGlobal?: boolean;
}

/**
 * `ON_BEHALF_OF_MODULE_OPTIONS` is the injection token of the resolved options.
 *
 * @example
 * ```ts
 * constructor(@Inject(ON_BEHALF_OF_MODULE_OPTIONS) options: OnBehalfOfModuleOptions) {}
 * ```
 */
export const {
  ConfigurableModuleClass: ConfigurableOnBehalfOfModule,
  MODULE_OPTIONS_TOKEN: ON_BEHALF_OF_MODULE_OPTIONS,
  OPTIONS_TYPE: ON_BEHALF_OF_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ON_BEHALF_OF_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<OnBehalfOfModuleOptions>({ moduleName: 'OnBehalfOf' })
  .setClassMethodName('register')
  .setExtras<OnBehalfOfModuleExtras>({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
