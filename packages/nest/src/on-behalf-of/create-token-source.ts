import { DelegatedTokenSource } from '@baton/core';
import type { DownstreamTokenSource } from './downstream-token-source.js';
import type { OnBehalfOfModuleOptions } from './on-behalf-of-module-options.js';

/**
 * The default token source: `@baton/core`'s `DelegatedTokenSource` with the module's options
 * minus the Nest-side ones (it checks its own, with a `TypeError` naming the option).
 */
export function createTokenSource(options: OnBehalfOfModuleOptions): DownstreamTokenSource {
  const { downstreams: _downstreams, resilience: _resilience, attachToHttpServices: _attach, ...sourceOptions } = options;
  return new DelegatedTokenSource(sourceOptions);
}
