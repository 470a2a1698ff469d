/**
 * Which authority a process is: the GloboTicket authority (`main`, issuer
 * http://localhost:4000 by default) or the partner's identity provider (`partner`, issuer
 * http://localhost:4010) that the main authority trusts for token exchange.
 *
 * @example
 * ```ts
 * const role: AuthorityRole = process.env.AUTHORITY_ROLE === 'partner' ? 'partner' : 'main';
 * ```
 */
export type AuthorityRole = 'main' | 'partner';

/** Every role, in the order the error messages list them. */
export const AUTHORITY_ROLES: readonly AuthorityRole[] = ['main', 'partner'];
