// Names shared by the bench authority (exchange-authority.mjs) and the processes that call it,
// in a module of their own so that those do not load oidc-provider.

/** The client that exchanges tokens and, in the comparison, uses client credentials. */
export const EXCHANGE_CLIENT_ID = 'shoppingbasket';
/** The client that exchanges a trusted partner authority's tokens. */
export const PARTNER_CLIENT_ID = 'partner-gateway';
/** The client the user tokens (subject tokens) were issued to, as the storefront of the demo. */
export const USER_TOKEN_CLIENT_ID = 'web';
/** What the exchanged and client-credentials tokens are for. */
export const TARGET = { audience: 'discount', resource: 'urn:bench:discount', scope: 'discount.fullaccess' };
/** The audience and scope of the user tokens the exchanging service receives. */
export const SUBJECT = { audience: 'shoppingbasket', scope: 'shoppingbasket.fullaccess' };
/** The partner's tokens name the partner gateway; they are exchanged for eventcatalog. */
export const PARTNER = { audience: 'partner-gateway', target: 'eventcatalog', scope: 'eventcatalog.read' };
/** Lifetime of the tokens this authority issues (the demo's default), in seconds. */
export const ISSUED_TOKEN_LIFETIME = 300;
/** The route of the on-behalf-of benchmark's service (bench/lib/on-behalf-of-app.mjs). */
export const COUPON_PATH = '/basket/coupon';
