import type { AuthorityRole } from './authority-role.js';

/**
 * Everything one authority process needs. {@link authorityConfigFromEnvironment} builds it from
 * the environment (each field names its variable); {@link checkAuthorityConfig} checks it before
 * anything listens.
 *
 * @example
 * ```ts
 * const config = checkAuthorityConfig(authorityConfigFromEnvironment(process.env));
 * ```
 */
export interface AuthorityConfig {
  /** `main` or `partner`. `AUTHORITY_ROLE`, default `main`. */
  readonly role: AuthorityRole;
  /**
   * The issuer identifier; discovery is at `<issuer>/.well-known/openid-configuration` and
   * tokens carry it as `iss`. `AUTHORITY_URL` for the main authority, `PARTNER_AUTHORITY_URL`
   * for the partner (defaults http://localhost:4000 and http://localhost:4010). Plain http is
   * accepted for loopback hosts only.
   */
  readonly issuer: string;
  /** TCP port to listen on; 0 picks a free one. `AUTHORITY_PORT`, default the issuer's port. */
  readonly port: number;
  /** Interface to listen on. `AUTHORITY_HOST`, default `localhost` (the demo is not meant to be reachable from elsewhere). */
  readonly host: string;
  /**
   * Folder of generated state: `secrets.json` (client secrets, cookie keys) at its root and
   * `<role folder>/signing-keys.json` and `users.json` below it. `BATON_DATA_DIR`, default
   * `<repo>/.data`. Never committed.
   */
  readonly dataDir: string;
  /** The storefront's base URL, for the `web` client's redirect URIs. `WEB_URL`, default http://localhost:3000. */
  readonly webUrl: string;
  /**
   * Main authority only: the partner authority's issuer, trusted for token exchange by the
   * `partner-gateway` client. `PARTNER_AUTHORITY_URL`, default http://localhost:4010.
   */
  readonly partnerIssuer: string;
  /**
   * Partner authority only: where the partner's portal receives its authorization codes.
   * `PARTNER_PORTAL_REDIRECT_URI`, default http://localhost:3010/callback (nothing listens there
   * in the demo: the partner scenario reads the code from the redirect).
   */
  readonly partnerPortalRedirectUri: string;
  /** Lifetime of access tokens in seconds (30…86400). `AUTHORITY_ACCESS_TOKEN_TTL`, default 300. */
  readonly accessTokenTtl: number;
  /**
   * Main authority only: a JSON file with the token-exchange policy, replacing the demo policy.
   * `AUTHORITY_POLICY_FILE`, default none. Checked at start-up; a mistake stops the authority.
   */
  readonly policyFile?: string;
}
