import type { DownstreamTokenSource } from './downstream-token-source.js';
import type { OnBehalfOfModuleOptions } from './on-behalf-of-module-options.js';

/**
 * The default token source: `@baton/core`'s `DelegatedTokenSource` with the module's options
 * minus the Nest-side ones.
 */
export function createTokenSource(options: OnBehalfOfModuleOptions): DownstreamTokenSource {
  const { downstreams: _downstreams, resilience: _resilience, attachToHttpServices: _attach, ...sourceOptions } = options;
  void sourceOptions;
  throw new TypeError('OnBehalfOfModule needs @baton/core DelegatedTokenSource, which this build of @baton/core does not have yet.');
}
