/**
 * Injection token of the token source the on-behalf-of module uses (a `DownstreamTokenSource`;
 * by default `@baton/core`'s `DelegatedTokenSource` built from the module's options). Override
 * it to share one source between modules or to put a fake in tests.
 *
 * @example
 * ```ts
 * Test.createTestingModule({ imports: [AppModule] }).overrideProvider(DOWNSTREAM_TOKEN_SOURCE).useValue(fakeSource)
 * ```
 */
export const DOWNSTREAM_TOKEN_SOURCE = Symbol.for('@baton/nest:DOWNSTREAM_TOKEN_SOURCE');
