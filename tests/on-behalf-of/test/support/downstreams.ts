import type { ServerResponse } from 'node:http';
import { AccessTokenVerifier, BatonError } from '@baton/core';
import { redirectTo, RecordingServer, sendJson, type RecordedRequest } from './recording-server.js';

/** The audience and scope shoppingbasket asks the authority for when it calls discount. */
export const DISCOUNT_AUDIENCE = 'discount';
export const DISCOUNT_SCOPE = 'discount.fullaccess';

/** What `/api/coupons` of the discount downstream answers to a token it accepts. */
export interface CouponAnswer {
  readonly sub: string | undefined;
  /** The verified claims of the token it received. */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** The two servers shoppingbasket's outbound calls can reach. */
export interface Downstreams {
  /** The discount service: its API lives under `/api` (the configured base URL). */
  readonly discount: RecordingServer;
  /** Some other origin, configured as no downstream. */
  readonly other: RecordingServer;
  /** The discount downstream's base URL, `<discount>/api`. */
  readonly discountBase: string;
  /** Every bearer token discount accepted, in order of arrival. */
  readonly acceptedTokens: string[];
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts a recording discount service that verifies every token like a real resource server
 * (the authority's issuer, audience `discount`, its JWKS) and some other origin. Routes of
 * discount: `/api/coupons` (the claims of the token it accepted, else 401 `invalid_token`),
 * (`/api/v2/coupons` too), `/api/redirect-in` (to `/api/coupons`), `/api/redirect-out` (to the other origin),
 * `/api/redirect-above` (to `/admin`, same origin but above the base path),
 * `/api/admin-only` (403 `insufficient_scope`), `/api/always-401` (401 `invalid_token`).
 * The other origin answers `/landing` and `/admin`-like paths with whether a credential came.
 */
export async function startDownstreams(issuer: string): Promise<Downstreams> {
  const verifier = new AccessTokenVerifier({ issuer, audience: DISCOUNT_AUDIENCE });
  const [discount, other] = await Promise.all([RecordingServer.start(), RecordingServer.start()]);
  const acceptedTokens: string[] = [];
  const challenge = (error: string, extra = '') => ({ 'www-authenticate': `Bearer error="${error}"${extra}` });
  const sawCredentials = (request: RecordedRequest) => ({ authorization: request.authorization !== undefined, cookie: request.rawHeaders.some((name) => name.toLowerCase() === 'cookie') });

  const coupons = async (request: RecordedRequest, res: ServerResponse): Promise<void> => {
    const token = /^Bearer (\S+)$/.exec(request.authorization ?? '')?.[1];
    if (token === undefined) return sendJson(res, 401, {}, { 'www-authenticate': 'Bearer' });
    try {
      const principal = await verifier.verify(token);
      acceptedTokens.push(token);
      sendJson(res, 200, { sub: principal.subject, claims: principal.claims } satisfies CouponAnswer);
    } catch (error) {
      sendJson(res, 401, {}, challenge('invalid_token', error instanceof BatonError ? '' : ', error_description="unexpected"'));
    }
  };
  discount
    .route('/api/coupons', coupons)
    .route('/api/v2/coupons', coupons)
    .route('/api/redirect-in', (_request, res) => redirectTo(res, '/api/coupons'))
    .route('/api/redirect-out', (_request, res) => redirectTo(res, `${other.url}/landing`))
    .route('/api/redirect-above', (_request, res) => redirectTo(res, '/admin'))
    .route('/api/admin-only', (_request, res) => sendJson(res, 403, {}, challenge('insufficient_scope', ', scope="discount.admin"')))
    .route('/api/always-401', (_request, res) => sendJson(res, 401, {}, challenge('invalid_token')))
    .route('/admin', (request, res) => sendJson(res, 200, sawCredentials(request)));
  other.route('/landing', (request, res) => sendJson(res, 200, sawCredentials(request)));

  return {
    discount,
    other,
    discountBase: `${discount.url}/api`,
    acceptedTokens,
    reset() {
      discount.reset();
      other.reset();
      acceptedTokens.length = 0;
    },
    async close() {
      await Promise.all([discount.close(), other.close()]);
    },
  };
}
