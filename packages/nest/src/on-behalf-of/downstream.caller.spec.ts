import { InvalidTokenError, TemporarilyUnavailableError, type DownstreamTarget, type ObtainedToken, type Principal } from '@baton/core';
import { DownstreamCaller } from './downstream.caller.js';
import { DownstreamForbiddenError } from './downstream-forbidden.error.js';
import { DownstreamTokenRejectedError } from './downstream-token-rejected.error.js';
import type { DownstreamTokenSource } from './downstream-token-source.js';
import { Downstream } from './downstream.js';
import { InboundTokenForwardedError } from './inbound-token-forwarded.error.js';
import { MissingSubjectTokenError } from './missing-subject-token.error.js';
import { OnBehalfOfContext } from './on-behalf-of.context.js';
import type { OutboundRequest } from './outbound-request.js';

/** A token source that hands out numbered tokens and records what it was asked. */
class FakeSource implements DownstreamTokenSource {
  readonly calls: Array<{ target: DownstreamTarget; subjectToken: string | undefined }> = [];
  readonly evictions: Array<{ target: DownstreamTarget; subjectToken: string | undefined }> = [];
  failure: Error | undefined;
  scope: readonly string[] = ['discount.fullaccess'];
  tokenType = 'Bearer';

  async tokenFor(target: DownstreamTarget, subjectToken?: string): Promise<ObtainedToken> {
    this.calls.push({ target, subjectToken });
    if (this.failure !== undefined) throw this.failure;
    return {
      accessToken: `exchanged-${this.calls.length}`,
      tokenType: this.tokenType,
      expiresAt: 0,
      scope: this.scope,
      issuedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
    };
  }

  evict(target: DownstreamTarget, subjectToken?: string): void {
    this.evictions.push({ target, subjectToken });
  }
}

type Answer = { status: number; headers: Record<string, string> };

function request(answers: Answer[], replayable = true, carriedToken = true) {
  const sent: string[] = [];
  const outbound: OutboundRequest<Answer> = {
    method: 'GET',
    replayable,
    timeout: 'signal',
    send: async (authorization) => {
      sent.push(authorization);
      return answers[Math.min(sent.length - 1, answers.length - 1)]!;
    },
    header: (answer, name) => answer.headers[name],
    carriedToken: () => carriedToken,
  };
  return { outbound, sent };
}

const ok: Answer = { status: 200, headers: {} };
const invalidToken: Answer = { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired"' } };
const insufficientScope: Answer = { status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="discount.fullaccess discount.admin"' } };

const principal = { subject: 'alice' } as Principal;
const TARGET = { audience: 'discount', scope: ['discount.fullaccess'] };

function setup(allowClientCredentials = false) {
  const source = new FakeSource();
  const context = new OnBehalfOfContext();
  const caller = new DownstreamCaller(source, context);
  const downstream = new Downstream({
    name: 'discount',
    baseUrl: new URL('https://discount.internal'),
    target: TARGET,
    allowClientCredentials,
    maxRedirects: 5,
    timeoutMs: 1000,
    retries: 0,
    circuitBreaker: false,
  });
  const asAlice = <T>(fn: () => Promise<T>) => context.run({ token: 'inbound-alice', principal }, fn);
  return { source, context, caller, downstream, asAlice };
}

describe('DownstreamCaller', () => {
  it('O1: sends the token obtained for the downstream, exchanged from the inbound token, never the inbound token', async () => {
    const { source, caller, downstream, asAlice } = setup();
    const { outbound, sent } = request([ok]);
    await expect(asAlice(() => caller.call(downstream, outbound))).resolves.toBe(ok);
    expect(source.calls).toEqual([{ target: TARGET, subjectToken: 'inbound-alice' }]);
    expect(sent).toEqual(['Bearer exchanged-1']);
  });

  it('takes a token the source has at hand (cachedToken) without calling tokenFor; asks tokenFor when it has none', async () => {
    const { source, caller, downstream, asAlice } = setup();
    const cached: ObtainedToken = { accessToken: 'cached-1', tokenType: 'Bearer', expiresAt: 0, scope: [], issuedTokenType: 'urn:ietf:params:oauth:token-type:access_token' };
    const asked: Array<string | undefined> = [];
    let atHand: ObtainedToken | undefined = cached;
    Object.assign(source, {
      cachedToken: (target: DownstreamTarget, subjectToken?: string) => {
        expect(target).toBe(TARGET);
        asked.push(subjectToken);
        return atHand;
      },
    });
    const first = request([ok]);
    await asAlice(() => caller.call(downstream, first.outbound));
    expect(first.sent).toEqual(['Bearer cached-1']);
    expect(source.calls).toEqual([]);

    atHand = undefined;
    const second = request([ok]);
    await asAlice(() => caller.call(downstream, second.outbound));
    expect(second.sent).toEqual(['Bearer exchanged-1']);
    expect(source.calls).toEqual([{ target: TARGET, subjectToken: 'inbound-alice' }]);
    expect(asked).toEqual(['inbound-alice', 'inbound-alice']);
  });

  it('evicts, re-exchanges once and sends once more after 401 invalid_token', async () => {
    const { source, caller, downstream, asAlice } = setup();
    const { outbound, sent } = request([invalidToken, ok]);
    await expect(asAlice(() => caller.call(downstream, outbound))).resolves.toBe(ok);
    expect(source.evictions).toEqual([{ target: TARGET, subjectToken: 'inbound-alice' }]);
    expect(source.calls).toHaveLength(2);
    expect(sent).toEqual(['Bearer exchanged-1', 'Bearer exchanged-2']);
  });

  it('gives up after the second 401 invalid_token: DownstreamTokenRejectedError (502), both tokens evicted', async () => {
    const { source, caller, downstream, asAlice } = setup();
    const { outbound, sent } = request([invalidToken]);
    const error = await asAlice(() => caller.call(downstream, outbound)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownstreamTokenRejectedError);
    expect(error).toMatchObject({ code: 'ERR_DOWNSTREAM_TOKEN_REJECTED', status: 502, error: 'server_error', downstream: 'discount' });
    expect((error as DownstreamTokenRejectedError).wwwAuthenticate()).toBeUndefined();
    expect(sent).toHaveLength(2);
    expect(source.evictions).toHaveLength(2);
  });

  it('does not send a request it cannot replay twice: evicts and fails after the first 401 invalid_token', async () => {
    const { source, caller, downstream, asAlice } = setup();
    const { outbound, sent } = request([invalidToken, ok], false);
    await expect(asAlice(() => caller.call(downstream, outbound))).rejects.toBeInstanceOf(DownstreamTokenRejectedError);
    expect(sent).toHaveLength(1);
    expect(source.evictions).toHaveLength(1);
    expect(source.calls).toHaveLength(1);
  });

  it.each([
    ['a bare Bearer challenge', { 'www-authenticate': 'Bearer' }],
    ['no challenge at all', {}],
    ['another error code', { 'www-authenticate': 'Bearer error="invalid_request"' }],
  ])('fails at once on a 401 with %s: no re-exchange', async (_name, headers) => {
    const { source, caller, downstream, asAlice } = setup();
    const { outbound, sent } = request([{ status: 401, headers }, ok]);
    await expect(asAlice(() => caller.call(downstream, outbound))).rejects.toBeInstanceOf(DownstreamTokenRejectedError);
    expect(sent).toHaveLength(1);
    expect(source.calls).toHaveLength(1);
  });

  it('maps 403 insufficient_scope to DownstreamForbiddenError (502, no challenge) with the scopes asked and granted', async () => {
    const { source, caller, downstream, asAlice } = setup();
    const { outbound, sent } = request([insufficientScope]);
    const error = await asAlice(() => caller.call(downstream, outbound)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownstreamForbiddenError);
    expect(error).toMatchObject({
      code: 'ERR_DOWNSTREAM_INSUFFICIENT_SCOPE',
      status: 502,
      error: 'server_error',
      downstream: 'discount',
      requiredScopes: ['discount.fullaccess', 'discount.admin'],
      grantedScopes: ['discount.fullaccess'],
    });
    expect((error as DownstreamForbiddenError).wwwAuthenticate()).toBeUndefined();
    expect((error as DownstreamForbiddenError).toResponseBody()).toEqual({
      error: 'server_error',
      error_description: 'A downstream service refused the delegated request for lack of scope',
    });
    expect(sent).toHaveLength(1);
    expect(source.evictions).toHaveLength(0);
  });

  it.each([
    ['401 invalid_token', invalidToken],
    ['403 insufficient_scope', insufficientScope],
  ])('returns a %s from a hop that never had the token (after a redirect out) as it is: no eviction, no error', async (_name, answer) => {
    const { source, caller, downstream, asAlice } = setup();
    const { outbound, sent } = request([answer, ok], true, false);
    await expect(asAlice(() => caller.call(downstream, outbound))).resolves.toBe(answer);
    expect(sent).toHaveLength(1);
    expect(source.evictions).toEqual([]);
    expect(source.calls).toHaveLength(1);
  });

  it('returns any other 403 (an application refusal) to the caller as it is', async () => {
    const { caller, downstream, asAlice } = setup();
    const forbidden: Answer = { status: 403, headers: { 'content-type': 'application/json' } };
    await expect(asAlice(() => caller.call(downstream, request([forbidden]).outbound))).resolves.toBe(forbidden);
  });

  it('O4: lets the authority refusing the subject token through (401 invalid_token); the downstream is not called', async () => {
    const { source, caller, downstream, asAlice } = setup();
    source.failure = new InvalidTokenError('ERR_TOKEN_MALFORMED');
    const { outbound, sent } = request([ok]);
    await expect(asAlice(() => caller.call(downstream, outbound))).rejects.toBe(source.failure);
    expect(sent).toEqual([]);
  });

  it('O5: lets the authority being down through (503); the downstream is not called, the inbound token is not sent instead', async () => {
    const { source, caller, downstream, asAlice } = setup();
    source.failure = new TemporarilyUnavailableError(7);
    const { outbound, sent } = request([ok]);
    await expect(asAlice(() => caller.call(downstream, outbound))).rejects.toBe(source.failure);
    expect(sent).toEqual([]);
  });

  it('fails closed with no user: MissingSubjectTokenError (500), nothing obtained, nothing sent', async () => {
    const { source, caller, downstream } = setup();
    const { outbound, sent } = request([ok]);
    const error = await caller.call(downstream, outbound).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingSubjectTokenError);
    expect(error).toMatchObject({ code: 'ERR_NO_SUBJECT_TOKEN', status: 500, downstream: 'discount' });
    expect(source.calls).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('uses client credentials with no user when the downstream allows it', async () => {
    const { source, caller, downstream } = setup(true);
    const { outbound, sent } = request([ok]);
    await caller.call(downstream, outbound);
    expect(source.calls).toEqual([{ target: TARGET, subjectToken: undefined }]);
    expect(sent).toEqual(['Bearer exchanged-1']);
  });

  it('acts for the user even when the downstream allows client credentials', async () => {
    const { source, caller, downstream, asAlice } = setup(true);
    await asAlice(() => caller.call(downstream, request([ok]).outbound));
    expect(source.calls).toEqual([{ target: TARGET, subjectToken: 'inbound-alice' }]);
  });

  it('refuses to send a token that is not a Bearer token', async () => {
    const { source, caller, downstream, asAlice } = setup();
    source.tokenType = 'N_A';
    const { outbound, sent } = request([ok]);
    await expect(asAlice(() => caller.call(downstream, outbound))).rejects.toThrow(
      new TypeError('The authority issued a "N_A" token for downstream "discount"; only Bearer tokens can be sent.'),
    );
    expect(sent).toEqual([]);
  });

  describe('assertInboundTokenNotForwarded', () => {
    it.each([
      ['the Authorization header', 'https://x.example/', ['Bearer inbound-alice']],
      ['another header', 'https://x.example/', ['text/plain', 'inbound-alice']],
      ['a header list', 'https://x.example/', [['a', 'x inbound-alice']]],
      ['the query string', 'https://x.example/?access_token=inbound-alice', []],
      ['the path', 'https://x.example/inbound-alice/', []],
    ])('O1: refuses the inbound token in %s', async (_name, url, headers) => {
      const { caller, asAlice } = setup();
      const error = await asAlice(async () => caller.assertInboundTokenNotForwarded(url, headers)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InboundTokenForwardedError);
      expect(error).toMatchObject({ code: 'ERR_INBOUND_TOKEN_FORWARDED', status: 500, where: url.includes('inbound-alice') ? 'url' : 'header' });
      expect(JSON.stringify((error as InboundTokenForwardedError).toResponseBody())).not.toContain('inbound-alice');
    });

    it('lets requests without it through, and everything outside a request', async () => {
      const { caller, asAlice } = setup();
      await expect(asAlice(async () => caller.assertInboundTokenNotForwarded('https://x.example/', ['Bearer other']))).resolves.toBeUndefined();
      expect(() => caller.assertInboundTokenNotForwarded('https://x.example/inbound-alice', ['inbound-alice'])).not.toThrow();
    });
  });
});
