/**
 * The Nest injection token of the storefront's `WebConfig`.
 *
 * @example
 * ```ts
 * constructor(@Inject(WEB_CONFIG) private readonly config: WebConfig) {}
 * ```
 */
export const WEB_CONFIG: unique symbol = Symbol('WEB_CONFIG');
