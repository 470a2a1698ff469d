/** How keys are fetched from a JWKS endpoint and kept (K1–K4). All durations in milliseconds. */
export interface JwksOptions {
  /** Abort a JWKS or discovery request after this long (K2). Default 5000. */
  timeout?: number;
  /**
   * Minimum time between two fetches caused by an unknown `kid` (K1). A burst of tokens with
   * unknown kids causes at most one fetch per window. Default 30000.
   */
  cooldown?: number;
  /** Keys are refreshed once they are older than this; a removed key stops passing within it (K4). Default 600000. */
  cacheMaxAge?: number;
  /**
   * How long past `cacheMaxAge` the last keys fetched keep verifying tokens while the JWKS
   * endpoint cannot be reached (K3). 0 disables it. Default 900000 (15 minutes).
   */
  staleWindow?: number;
  /** After a failed fetch, wait this long before trying again; requests meanwhile use the stale keys or get 503. Default 5000. */
  failureBackoff?: number;
}

/** {@link JwksOptions} with every default filled in. */
export type ResolvedJwksOptions = Readonly<Required<JwksOptions>>;

/** Defaults for {@link JwksOptions}. */
export const DEFAULT_JWKS_OPTIONS: ResolvedJwksOptions = Object.freeze({
  timeout: 5_000,
  cooldown: 30_000,
  cacheMaxAge: 600_000,
  staleWindow: 900_000,
  failureBackoff: 5_000,
});
