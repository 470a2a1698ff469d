/**
 * Injection tokens of the demo service's configuration (`DemoServiceConfig`) and options
 * (`DemoServiceOptions`), provided by `DemoServiceModule`.
 *
 * @example
 * ```ts
 * constructor(@Inject(DEMO_SERVICE_CONFIG) private readonly config: DemoServiceConfig) {}
 * ```
 */
export const DEMO_SERVICE_CONFIG = Symbol('baton-demo:service-config');

/** See {@link DEMO_SERVICE_CONFIG}. */
export const DEMO_SERVICE_OPTIONS = Symbol('baton-demo:service-options');
