import type { AuthorityRole } from '../config/authority-role.js';

/**
 * A client's id and generated secret.
 *
 * @example
 * ```ts
 * const { id, secret }: ClientCredentials = authority.clients.machine;
 * ```
 */
export interface ClientCredentials {
  readonly id: string;
  readonly secret: string;
}

/** The clients of the main authority (see the app README for what each may do). */
export interface MainAuthorityClients {
  /** The storefront: authorization code + PKCE, refresh tokens. */
  readonly web: ClientCredentials;
  /** shoppingbasket: token exchange toward discount only. */
  readonly shoppingbasket: ClientCredentials;
  /** A machine client: client credentials, eventcatalog.read. */
  readonly machine: ClientCredentials;
  /** GloboTicket's partner gateway: exchanges partner tokens for eventcatalog tokens. */
  readonly partnerGateway: ClientCredentials;
}

/** The clients of the partner authority. */
export interface PartnerAuthorityClients {
  /** The partner's portal: authorization code + PKCE, tokens for GloboTicket's partner gateway. */
  readonly partnerPortal: ClientCredentials & { readonly redirectUri: string };
}

/**
 * A started authority. Its state (keys, users, secrets) lives in `dataDir`; its sessions and
 * grants in memory, gone after {@link close}.
 *
 * @example
 * ```ts
 * const authority: RunningAuthority<MainAuthorityClients> = await startAuthority();
 * const discovery = await fetch(`${authority.issuer}/.well-known/openid-configuration`);
 * await authority.close();
 * ```
 */
export interface RunningAuthority<TClients> {
  readonly role: AuthorityRole;
  /** The issuer identifier (`iss` of its tokens); discovery at `<issuer>/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** The base URL it listens on (the same as the issuer). */
  readonly url: string;
  /** The TCP port it listens on. */
  readonly port: number;
  /** The folder of its generated state. */
  readonly dataDir: string;
  /** Its clients, with their generated secrets. */
  readonly clients: TClients;
  /**
   * Every token-exchange audit event so far (oldest first, at most the last 1,000), as
   * `@baton/authority` emitted them; they never contain a token.
   */
  readonly auditEvents: readonly unknown[];
  /** Stops listening and, if `startAuthority` created a temporary data folder, removes it. */
  close(): Promise<void>;
}
