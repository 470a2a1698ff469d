// Until @baton/core exports DelegatedTokenSource, the contract's types are declared here.
/** Where an exchanged token may be used: one audience (RFC 8693 `audience`) and/or resource (RFC 8707). */
export interface DownstreamTarget {
  audience?: string;
  resource?: string;
  scope?: readonly string[];
}

/** A token obtained for a downstream. Never log `accessToken`. */
export interface ObtainedToken {
  readonly accessToken: string;
  readonly tokenType: string;
  readonly expiresAt: number;
  readonly scope: readonly string[];
  readonly issuedTokenType: string;
}

/**
 * What the on-behalf-of interceptor needs from a token source: `@baton/core`'s
 * `DelegatedTokenSource` fits, and so does a fake in unit tests.
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
  /** Forgets the cached token for these parameters (after a downstream refused it). */
  evict(target: DownstreamTarget, subjectToken?: string, actorToken?: string): void;
  /** Releases timers and connections; called when the application shuts down. */
  close?(): Promise<void> | void;
}
