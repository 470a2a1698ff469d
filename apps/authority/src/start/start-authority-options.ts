import type { LogLevel } from '@nestjs/common';
import type { AuthorityConfig } from '../config/authority-config.js';

/**
 * Options of `startAuthority` / `startPartnerAuthority`: any {@link AuthorityConfig} field
 * (defaults: port 0, host localhost, a new temporary data folder, issuer
 * `http://localhost:<port>`), plus how it logs and where audit events go.
 *
 * @example
 * ```ts
 * const options: StartAuthorityOptions = { accessTokenTtl: 60, logger: false, onAudit: (event) => events.push(event) };
 * ```
 */
export interface StartAuthorityOptions extends Partial<Omit<AuthorityConfig, 'role'>> {
  /** Nest log levels, or `false` for none. Default `['error', 'warn']`. */
  readonly logger?: false | LogLevel[];
  /** Called with every token-exchange audit event (main authority). */
  readonly onAudit?: (event: unknown) => void;
  /** Environment for generated-secret overrides (`WEB_CLIENT_SECRET`…). Default: none, so tests are isolated. */
  readonly secretsEnvironment?: NodeJS.ProcessEnv;
}
