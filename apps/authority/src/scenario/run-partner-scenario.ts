import { PARTNER_API_RESOURCES } from '../resources/demo-api-resources.js';
import { signInWithPassword } from '../sign-in/sign-in-with-password.js';
import type { PartnerScenarioOptions, PartnerScenarioReport } from './partner-scenario-options.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

function pick(claims: Readonly<Record<string, unknown>>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((name) => claims[name] !== undefined).map((name) => [name, claims[name]]));
}

/**
 * The cross-authority scenario of the demo, end to end, as GloboTicket's partner gateway
 * would run it:
 *
 * 1. carol signs in at the partner authority through its login form (the partner portal's
 *    authorization code + PKCE) and gets a partner token for audience `partner-gateway`;
 * 2. the partner gateway (a client of the main authority) exchanges that token at the main
 *    authority (RFC 8693) for an eventcatalog token, the policy mapping the partner's scopes and
 *    claims;
 * 3. the exchanged token is sent to eventcatalog (`GET /events`).
 *
 * It returns what happened, claims only: tokens are never printed.
 *
 * @example
 * ```ts
 * const report = await runPartnerScenario({ partnerIssuer, authorityIssuer, partnerPortal, partnerGateway, eventcatalogUrl });
 * report.lines.forEach((line) => console.log(line));
 * ```
 */
export async function runPartnerScenario(options: PartnerScenarioOptions): Promise<PartnerScenarioReport> {
  const lines: string[] = [];
  const username = options.username ?? 'carol';
  const { partnerGateway } = PARTNER_API_RESOURCES;
  const partner = await signInWithPassword({
    issuer: options.partnerIssuer,
    client: options.partnerPortal,
    redirectUri: options.partnerPortal.redirectUri,
    username,
    password: options.password ?? 'carol-demo',
    scope: 'openid events:read',
    resources: [partnerGateway.resource],
    tokenResource: partnerGateway.resource,
  });
  const partnerClaims = claimsOf(partner.accessToken);
  lines.push(`1. ${username} signed in at the partner authority; partner token claims:`);
  lines.push(`   ${JSON.stringify(pick(partnerClaims, ['iss', 'sub', 'aud', 'scope', 'group', 'department', 'email_verified']))}`);

  const response = await fetch(`${options.authorityIssuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(options.partnerGateway.id)}:${encodeURIComponent(options.partnerGateway.secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: TOKEN_EXCHANGE,
      subject_token: partner.accessToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
      audience: 'eventcatalog',
      scope: options.scope ?? 'eventcatalog.read eventcatalog.write',
    }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 200 || typeof body.access_token !== 'string') {
    const error = typeof body.error === 'string' ? body.error : 'unknown_error';
    lines.push(`2. ${options.partnerGateway.id} exchanged it at the main authority: refused, ${response.status} ${error}`);
    return { partnerClaims, exchangeStatus: response.status, exchangeError: error, lines };
  }
  const exchangedClaims = claimsOf(body.access_token);
  lines.push(`2. ${options.partnerGateway.id} exchanged it at the main authority; eventcatalog token claims:`);
  lines.push(`   ${JSON.stringify(pick(exchangedClaims, ['iss', 'sub', 'aud', 'scope', 'act', 'name', 'email', 'partner_department', 'partner']))}`);

  let eventcatalogStatus: number | undefined;
  try {
    const events = await fetch(`${options.eventcatalogUrl}/events`, { headers: { authorization: `Bearer ${body.access_token}` }, signal: AbortSignal.timeout(5000) });
    eventcatalogStatus = events.status;
    await events.body?.cancel();
    lines.push(`3. GET ${options.eventcatalogUrl}/events with it: ${events.status}`);
  } catch {
    lines.push(`3. eventcatalog is not reachable at ${options.eventcatalogUrl}: start it to see it accept the token.`);
  }
  return { partnerClaims, exchangeStatus: response.status, exchangedClaims, ...(eventcatalogStatus !== undefined ? { eventcatalogStatus } : {}), lines };
}
