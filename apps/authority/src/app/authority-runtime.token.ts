/**
 * The Nest injection token of the {@link AuthorityRuntime}.
 *
 * @example
 * ```ts
 * constructor(@Inject(AUTHORITY_RUNTIME) private readonly runtime: AuthorityRuntime) {}
 * ```
 */
export const AUTHORITY_RUNTIME: unique symbol = Symbol('AUTHORITY_RUNTIME');
