import type { DownstreamTarget, ObtainedToken } from '@baton/core';

/**
 * What the on-behalf-of module needs from a token source: `@baton/core`'s
 * `DelegatedTokenSource` (the default) fits, and so does a shared source of your own or a fake
 * in tests, provided under {@link DOWNSTREAM_TOKEN_SOURCE}.
 *
 * @example
 * ```ts
 * const source: DownstreamTokenSource = new DelegatedTokenSource({ authority, client });
 * const token = await source.tokenFor({ audience: 'discount', scope: ['discount.fullaccess'] }, inboundToken);
 * ```
 */
export interface DownstreamTokenSource {
  /** With a subject token: a token exchanged on behalf of its subject; without: client credentials. */
  tokenFor(target: DownstreamTarget, subjectToken?: string, actorToken?: string): Promise<ObtainedToken>;
  /**
   * Optional: the cached token `tokenFor` would give, without waiting, or undefined (then
   * `tokenFor` is called). `DelegatedTokenSource` answers from its in-memory cache.
   */
  cachedToken?(target: DownstreamTarget, subjectToken?: string, actorToken?: string): ObtainedToken | undefined;
  /** Forgets the cached token for these parameters (after a downstream refused it). */
  evict(target: DownstreamTarget, subjectToken?: string, actorToken?: string): void;
  /** Releases timers and connections; called when the application shuts down. */
  close?(): Promise<void> | void;
}
