import { Controller, Get } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { TestIssuer } from '@baton/testing';
import request from 'supertest';
import { Principal, RequireScope } from '../src/index.js';
import { ADAPTERS, answerOf, AUDIENCE, createTestApp, invalidToken, TOKEN_ERRORS } from './create-test-app.js';

/*
 * C5 through HTTP with a guard that trusts two issuers at once (docs/security-coverage.md):
 * core's verifier spec covers the cases; here the answer on the wire is checked exactly, on
 * both adapters, and each issuer's own token passes as the control.
 */

@Controller('whoami')
class WhoAmIController {
  @Get() @RequireScope('read') whoAmI(@Principal() principal: Principal) {
    return { issuer: principal.issuer, subject: principal.subject };
  }
}

let alpha: TestIssuer;
let beta: TestIssuer;
/** Not trusted by the guard: its JWKS must never be fetched. */
let gamma: TestIssuer;

beforeAll(async () => {
  [alpha, beta, gamma] = await Promise.all([
    TestIssuer.start({ audience: AUDIENCE }),
    TestIssuer.start({ audience: AUDIENCE }),
    TestIssuer.start({ audience: AUDIENCE }),
  ]);
});

afterAll(async () => {
  await Promise.all([alpha.close(), beta.close(), gamma.close()]);
});

const read = { scope: 'read' };

describe.each(ADAPTERS)('C5 with two trusted issuers on %s', (adapter) => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({
      adapter,
      controllers: [WhoAmIController],
      auth: {
        issuer: [
          { issuer: alpha.issuer, jwksUri: alpha.jwksUri },
          { issuer: beta.issuer, jwksUri: beta.jwksUri },
        ],
        audience: AUDIENCE,
        algorithms: ['ES256'],
      },
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  const call = (token: string) => request(app.getHttpServer()).get('/whoami').set('Authorization', `Bearer ${token}`);

  it('C5: control: each trusted issuer’s own token passes and is attributed to that issuer', async () => {
    for (const issuer of [alpha, beta]) {
      const response = await call(await issuer.mint({ ...read, sub: 'alice' }));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ issuer: issuer.issuer, subject: 'alice' });
    }
  });

  it.each<[string, () => Promise<string>, string]>([
    ['iss A signed with B’s key under B’s kid', () => beta.mint({ ...read, iss: alpha.issuer }), TOKEN_ERRORS.keyNotFound],
    ['iss A signed with B’s key under A’s kid', () => beta.mint({ ...read, iss: alpha.issuer }, { header: { kid: alpha.signingKey().kid } }), TOKEN_ERRORS.signature],
    ['iss A signed with B’s key and no kid', () => beta.mint({ ...read, iss: alpha.issuer }, { header: { kid: undefined } }), TOKEN_ERRORS.signature],
    ['iss B signed with A’s key under A’s kid', () => alpha.mint({ ...read, iss: beta.issuer }), TOKEN_ERRORS.keyNotFound],
    ['iss B signed with A’s key under B’s kid', () => alpha.mint({ ...read, iss: beta.issuer }, { header: { kid: beta.signingKey().kid } }), TOKEN_ERRORS.signature],
  ])('C5: a token claiming %s → 401 invalid_token', async (_name, forge, description) => {
    expect(answerOf(await call(await forge()))).toEqual(invalidToken(description));
  });

  it('C5: a third issuer’s genuine token → 401 invalid_token (issuer not trusted), and its keys are never fetched', async () => {
    const before = gamma.jwksRequests + gamma.discoveryRequests;
    expect(answerOf(await call(await gamma.mint(read)))).toEqual(invalidToken(TOKEN_ERRORS.issuer));
    expect(gamma.jwksRequests + gamma.discoveryRequests).toBe(before);
  });
});
