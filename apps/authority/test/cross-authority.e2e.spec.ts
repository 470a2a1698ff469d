import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthModule, Principal, RequireScope } from '@baton/nest';
import type { Principal as PrincipalValue } from '@baton/core';
import { decodeHeader, decodePayload, findLeaks } from '@baton/testing';
import {
  MAIN_API_RESOURCES,
  PARTNER_API_RESOURCES,
  runPartnerScenario,
  signInWithPassword,
  startAuthority,
  startPartnerAuthority,
  type MainAuthorityClients,
  type PartnerAuthorityClients,
  type RunningAuthority,
} from '../src/index.js';
import { exchange } from './exchange.test-helpers.js';

@Controller('events')
class EventsController {
  @Get() @RequireScope('eventcatalog.read') list(@Principal() principal: PrincipalValue) {
    return { events: ['Sunset concert'], subject: principal.subject, actor: principal.actor?.subject };
  }

  @Post() @RequireScope('eventcatalog.write') create() {
    return { created: true };
  }
}

/** A tiny eventcatalog: the real AuthModule, trusting only the main authority. */
async function startEventcatalog(issuer: string): Promise<{ app: INestApplication; url: string }> {
  @Module({ imports: [AuthModule.forRoot({ issuer, audience: 'eventcatalog' })], controllers: [EventsController] })
  class EventcatalogModule {}
  const app = await NestFactory.create(EventcatalogModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

describe('cross-authority: a partner user reaches eventcatalog through the partner gateway', () => {
  let partner: RunningAuthority<PartnerAuthorityClients>;
  let authority: RunningAuthority<MainAuthorityClients>;
  let eventcatalog: { app: INestApplication; url: string };
  let carolPartnerToken: string;

  beforeAll(async () => {
    partner = await startPartnerAuthority();
    authority = await startAuthority({ partnerIssuer: partner.issuer });
    eventcatalog = await startEventcatalog(authority.issuer);
    carolPartnerToken = (
      await signInWithPassword({
        issuer: partner.issuer,
        client: partner.clients.partnerPortal,
        redirectUri: partner.clients.partnerPortal.redirectUri,
        username: 'carol',
        password: 'carol-demo',
        scope: 'openid events:read',
        resources: [PARTNER_API_RESOURCES.partnerGateway.resource],
        tokenResource: PARTNER_API_RESOURCES.partnerGateway.resource,
      })
    ).accessToken;
  });
  afterAll(async () => {
    await eventcatalog.app.close();
    await authority.close();
    await partner.close();
  });

  const call = (method: 'GET' | 'POST', token: string) => fetch(`${eventcatalog.url}/events`, { method, headers: { authorization: `Bearer ${token}` } });

  it('eventcatalog refuses carol\'s partner token itself (other issuer, other audience)', async () => {
    const response = await call('GET', carolPartnerToken);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('partner-gateway exchanges it for an eventcatalog token with mapped scopes and claims, which eventcatalog accepts', async () => {
    const answer = await exchange(authority.issuer, authority.clients.partnerGateway, {
      subject_token: carolPartnerToken,
      audience: 'eventcatalog',
      scope: 'eventcatalog.read eventcatalog.write',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.scope).toBe('eventcatalog.read eventcatalog.write');
    const token = String(answer.body.access_token);
    expect(decodeHeader(token)).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
    const claims = decodePayload(token);
    expect(claims).toMatchObject({
      iss: authority.issuer,
      aud: 'eventcatalog',
      sub: 'partner|carol',
      client_id: 'partner-gateway',
      act: { sub: 'partner-gateway' },
      // direct mapping (events:read), claims rule (group admin → write), claims transformation
      name: 'Carol Clark',
      email: 'carol@partner.example',
      partner_department: 'marketing',
      partner: 'partner.example',
    });
    expect(claims).not.toHaveProperty('department');
    expect(claims).not.toHaveProperty('group');
    expect(claims.exp).toBeLessThanOrEqual(decodePayload(carolPartnerToken).exp as number);

    const read = await call('GET', token);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ events: ['Sunset concert'], subject: 'partner|carol', actor: 'partner-gateway' });
    expect((await call('POST', token)).status).toBe(201);

    const event = authority.auditEvents.at(-1) as Record<string, unknown>;
    expect(event).toMatchObject({ outcome: 'granted', clientId: 'partner-gateway', subject: { issuer: partner.issuer, sub: 'carol' }, audience: 'eventcatalog' });
    expect(event.rules).toEqual(
      expect.arrayContaining([
        'policy.trustedIssuers[0].mapping.scopes["events:read"]',
        'policy.trustedIssuers[0].mapping.rules[0] (partner admins edit the catalog)',
        'policy.trustedIssuers[0].mapping.rules[1] (partner marketing browses the catalog)',
      ]),
    );
    // The reduction rule (no write without a verified email) did not apply: carol's email is verified.
    expect(event.rules).not.toEqual(expect.arrayContaining([expect.stringContaining('rules[2]')]));
  });

  it('asks for no scope: the audience\'s minimal default (eventcatalog.read), so a write is a 403 insufficient_scope', async () => {
    const answer = await exchange(authority.issuer, authority.clients.partnerGateway, { subject_token: carolPartnerToken, resource: MAIN_API_RESOURCES.eventcatalog.resource });
    expect(answer.status).toBe(200);
    expect(answer.body.scope).toBe('eventcatalog.read');
    const write = await call('POST', String(answer.body.access_token));
    expect(write.status).toBe(403);
    expect(write.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(write.headers.get('www-authenticate')).toContain('scope="eventcatalog.write"');
  });

  it('X5: shoppingbasket may not exchange partner tokens (issuer not allowed for it, nor its audience)', async () => {
    const answer = await exchange(authority.issuer, authority.clients.shoppingbasket, { subject_token: carolPartnerToken, audience: 'discount' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_request');
    expect(answer.cacheControl).toBe('no-store');
  });

  it('X5: a partner token is refused once the main authority trusts another partner issuer', async () => {
    const distrustful = await startAuthority({ partnerIssuer: 'http://localhost:1' });
    try {
      const answer = await exchange(distrustful.issuer, distrustful.clients.partnerGateway, { subject_token: carolPartnerToken, audience: 'eventcatalog' });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_request');
      expect(distrustful.auditEvents.at(-1)).toMatchObject({ outcome: 'refused', reason: 'ERR_SUBJECT_TOKEN_INVALID' });
    } finally {
      await distrustful.close();
    }
  });

  it('runPartnerScenario (npm run partner-scenario) walks the same path and reports claims, never a token', async () => {
    const report = await runPartnerScenario({
      partnerIssuer: partner.issuer,
      authorityIssuer: authority.issuer,
      partnerPortal: partner.clients.partnerPortal,
      partnerGateway: authority.clients.partnerGateway,
      eventcatalogUrl: eventcatalog.url,
    });
    expect(report.exchangeStatus).toBe(200);
    expect(report.partnerClaims).toMatchObject({ iss: partner.issuer, sub: 'carol', aud: 'partner-gateway', scope: 'events:read' });
    expect(report.exchangedClaims).toMatchObject({ iss: authority.issuer, sub: 'partner|carol', aud: 'eventcatalog', scope: 'eventcatalog.read eventcatalog.write' });
    expect(report.eventcatalogStatus).toBe(200);
    expect(report.lines).toHaveLength(5);
    expect(findLeaks(report.lines.join('\n'))).toEqual([]);
  });

  it('runPartnerScenario reports a refusal (wrong gateway secret) and an unreachable eventcatalog', async () => {
    const refused = await runPartnerScenario({
      partnerIssuer: partner.issuer,
      authorityIssuer: authority.issuer,
      partnerPortal: partner.clients.partnerPortal,
      partnerGateway: { id: 'partner-gateway', secret: 'not-the-secret' },
      eventcatalogUrl: eventcatalog.url,
    });
    expect(refused).toMatchObject({ exchangeStatus: 401, exchangeError: 'invalid_client' });
    const unreachable = await runPartnerScenario({
      partnerIssuer: partner.issuer,
      authorityIssuer: authority.issuer,
      partnerPortal: partner.clients.partnerPortal,
      partnerGateway: authority.clients.partnerGateway,
      eventcatalogUrl: 'http://127.0.0.1:9',
    });
    expect(unreachable.eventcatalogStatus).toBeUndefined();
    expect(unreachable.lines.at(-1)).toBe('3. eventcatalog is not reachable at http://127.0.0.1:9: start it to see it accept the token.');
  });
});
