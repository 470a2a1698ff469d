import type { AccessTokenVerifierOptions, BearerExtractionOptions } from '@baton/core';

/**
 * Options of {@link AuthModule}: everything the verifier takes (issuer, audience, algorithms,
 * JWKS behaviour…) plus how the Nest side behaves.
 *
 * @example
 * ```ts
 * AuthModule.forRoot({ issuer: 'https://auth.example.com', audience: 'eventcatalog', strict: true })
 * ```
 */
export interface AuthModuleOptions extends AccessTokenVerifierOptions {
  /** `realm` of the `WWW-Authenticate` challenge. Default: none. */
  realm?: string;
  /**
   * Refuse to start when a route has neither `@RequireScope` (on it or its controller) nor
   * `@Public()`, and list those routes (Z5). Default false.
   */
  strict?: boolean;
  /** Accept `?access_token=` (RFC 6750 §2.3). Default false: URLs are logged everywhere. */
  allowQueryToken?: boolean;
  /** Accept a form-encoded body `access_token` (RFC 6750 §2.2). Default false. */
  allowBodyToken?: boolean;
}

/** Which RFC 6750 token locations the module's options allow (header always; query/body opt-in). */
export function bearerExtractionOptions(options: AuthModuleOptions): BearerExtractionOptions {
  return { allowQuery: options.allowQueryToken === true, allowBody: options.allowBodyToken === true };
}
