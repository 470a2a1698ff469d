import type { CheckoutResult } from '../backends/checkout-result.js';
import type { StorefrontApi } from '../config/web-config.js';
import type { TokenTrail } from '../trail/token-trail.js';
import type { SessionTokenStore } from './session-token.store.js';

/** A sign-in that has been sent to the authority and not come back yet. */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  /** The local path to return to afterwards. */
  readonly returnTo: string;
}

/** An access token for one API, with when it stops being usable (epoch milliseconds). */
export interface ApiAccessToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

/** The tokens of a signed-in person. They stay in the server-side session; the browser never sees them. */
export interface SessionTokens {
  refreshToken: string;
  idToken?: string;
  api: Partial<Record<StorefrontApi, ApiAccessToken>>;
}

/** Who is signed in, as the ID token said. */
export interface SessionUser {
  readonly sub: string;
  readonly name?: string;
}

declare module 'express-session' {
  interface SessionData {
    /** The anti-forgery token every form of this session carries. */
    formToken: string;
    pendingSignIn: PendingSignIn;
    user: SessionUser;
    /** Where this person's tokens are in the {@link SessionTokenStore} (the tokens themselves never enter the session). */
    tokensKey: string;
    /** The token trail of the last action. */
    trail: TokenTrail;
    /** The last checkout, for the confirmation page. */
    lastOrder: CheckoutResult;
  }
}
