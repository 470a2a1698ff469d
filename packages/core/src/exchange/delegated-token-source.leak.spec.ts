import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { findLeaks, LogLeakAudit, registerKnownSecret } from '@baton/testing';
import { BatonError } from '../errors/baton-error.js';
import { DelegatedTokenSource } from './delegated-token-source.js';
import { CLIENT_SECRET, startExchangeFixture, type ExchangeFixture } from './exchange.test-helpers.js';
import type { StubReply } from './stub-token-endpoint.test-helpers.js';

let fx: ExchangeFixture;
beforeEach(async () => {
  fx = await startExchangeFixture();
});
afterEach(async () => {
  await fx.close();
});

const discount = { audience: 'discount', scope: ['discount.fullaccess'] };

/** Every way an error can be shown: message, stack, inspect (causes included), JSON, body, challenge. */
function everyRendering(error: unknown): string {
  const parts = [inspect(error, { depth: 10, showHidden: true }), String(error), JSON.stringify(error)];
  if (error instanceof Error) parts.push(error.message, error.stack ?? '');
  if (error instanceof BatonError) parts.push(JSON.stringify(error.toResponseBody()), error.wwwAuthenticate() ?? '', error.description);
  return parts.join('\n');
}

/** Each failure the token source can meet, with the authority's answer echoing the tokens it was sent. */
const scenarios: ReadonlyArray<readonly [string, (subject: string) => StubReply]> = [
  ['invalid_grant echoing the subject token', (subject) => ({ status: 400, json: { error: 'invalid_grant', error_description: `bad token ${subject}` } })],
  ['invalid_client echoing the secret', () => ({ status: 401, json: { error: 'invalid_client', error_description: `secret ${CLIENT_SECRET} is wrong` } })],
  ['an error code that is the token itself', (subject) => ({ status: 400, json: { error: subject } })],
  ['500 with the token in the body', (subject) => ({ status: 500, text: `crash while handling ${subject}` })],
  ['a 200 whose issued token is unusable (DPoP)', (subject) => ({ json: { access_token: subject, token_type: 'DPoP', expires_in: 60, issued_token_type: 'x' } })],
  ['a 200 whose issued token has a space', (subject) => ({ json: { access_token: `${subject} x`, token_type: 'Bearer', expires_in: 60, issued_token_type: 'x' } })],
  ['a 200 that is not JSON', (subject) => ({ text: subject })],
  ['a hang (timeout)', () => ({ hang: true })],
  ['429 with Retry-After', (subject) => ({ status: 429, json: { error: 'slow_down', error_description: subject }, headers: { 'retry-after': '3' } })],
];

describe('O6: no token or secret in errors', () => {
  it.each(scenarios)('O6: %s', async (_name, reply) => {
    const subject = await fx.subject('alice');
    const actor = await fx.issuer.mint({ sub: 'gateway' });
    fx.stub.respondWith(() => reply(subject));

    const error = await fx.source({ timeoutMs: 200 }).tokenFor(discount, subject, actor).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BatonError);
    const text = everyRendering(error);
    expect(text).not.toContain(subject);
    expect(text).not.toContain(subject.split('.')[2]!);
    expect(text).not.toContain(actor);
    expect(text).not.toContain(CLIENT_SECRET);
    expect(findLeaks(text, new Set([CLIENT_SECRET]))).toEqual([]);
  });

  it('O6: a private key never appears in an error about it', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const broken = { ...jwk, x: 'not-a-point', kty: 'EC' };

    let error: unknown;
    try {
      new DelegatedTokenSource({ ...fx.options(), client: { id: 'c', privateKey: broken } });
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(TypeError);
    expect(everyRendering(error)).not.toContain(jwk.d!);
  });
});

describe('O6: no token or secret in what can be logged', () => {
  it('O6: logging the source (cache and options included) prints no token and no secret', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const d = privateKey.export({ format: 'jwk' }).d!;
    const withSecret = fx.source();
    const withKey = fx.source({ client: { id: 'c', privateKey } });
    const subject = await fx.subject('alice');
    const token = await withSecret.tokenFor(discount, subject);
    await withKey.tokenFor(discount, subject);

    for (const source of [withSecret, withKey]) {
      const text = inspect(source, { depth: 20, showHidden: true }) + JSON.stringify(source);
      expect(text).not.toContain(subject);
      expect(text).not.toContain(token.accessToken);
      expect(text).not.toContain(CLIENT_SECRET);
      expect(text).not.toContain(d);
    }
  });

  it('O6: a whole run of successes and failures writes nothing to the console or the streams', async () => {
    registerKnownSecret(CLIENT_SECRET);
    const audit = LogLeakAudit.start();
    const subject = await fx.subject('alice');
    await fx.source().tokenFor(discount, subject);
    for (const [, reply] of scenarios) {
      fx.stub.respondWith(() => reply(subject));
      await fx.source({ timeoutMs: 200 }).tokenFor(discount, subject).catch(() => undefined);
    }
    const report = audit.stop();

    expect(fx.stub.requests).toHaveLength(scenarios.length + 1);

    expect(report.charactersScanned).toBe(0);
    expect(report.leaks).toEqual([]);
  });

  it('O6: errors logged the usual way (console.error, and in full with their causes) carry no token: the audit finds none', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const audit = LogLeakAudit.start();
    const subject = await fx.subject('alice');
    for (const [, reply] of scenarios) {
      fx.stub.respondWith(() => reply(subject));
      const error = await fx.source({ timeoutMs: 200 }).tokenFor(discount, subject).catch((e: unknown) => e);
      console.error(error);
      audit.record(inspect(error, { depth: 10, showHidden: true }));
    }
    const report = audit.stop();

    expect(report.charactersScanned).toBeGreaterThan(0);
    expect(report.leaks).toEqual([]);
  });
});
