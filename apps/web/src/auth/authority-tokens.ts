import type { SessionUser } from './storefront-session.js';

/** What a token response of the authority gave the storefront, reduced to what it keeps. */
export interface AuthorityTokens {
  readonly accessToken: string;
  /** Epoch milliseconds after which the access token is not used any more. */
  readonly expiresAt: number;
  /** A new refresh token when the authority rotated it. */
  readonly refreshToken?: string;
  readonly idToken?: string;
  /** The person, from the ID token (sign-in only). */
  readonly user?: SessionUser;
}
