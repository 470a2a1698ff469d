import { findLeaks } from './find-leaks.js';
import { LogLeakAudit, registerKnownSecret } from './leak-audit.js';

const JWT = 'eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('findLeaks', () => {
  it.each([
    ['a bare token', `verified ${JWT}`],
    ['a token in JSON', JSON.stringify({ token: JWT })],
    ['a token without signature (alg none)', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.'],
  ])('O6: finds a JWT in %s', (_, text) => {
    expect(findLeaks(text).map((leak) => leak.kind)).toContain('jwt');
  });

  it.each([
    ['a raw header', 'authorization: Bearer abcdefgh12345678'],
    ['a JSON headers object', '{"Authorization":"Basic c2hvcHBpbmdiYXNrZXQ6c2VjcmV0"}'],
    ['an inspected object', "{ authorization: 'bearer opaque-token-value' }"],
  ])('O6: finds an Authorization header in %s', (_, text) => {
    expect(findLeaks(text).map((leak) => leak.kind)).toEqual(['authorization-header']);
  });

  it.each([
    ['a form body', 'grant_type=client_credentials&client_secret=s3cr3t-value'],
    ['JSON', '{"client_secret":"s3cr3t-value"}'],
  ])('O6: finds a client secret in %s', (_, text) => {
    expect(findLeaks(text).map((leak) => leak.kind)).toEqual(['client-secret']);
  });

  it('O6: finds every occurrence of a known secret and never repeats it in the excerpt', () => {
    const leaks = findLeaks('cookie key was k3y-Of-The-Demo, again k3y-Of-The-Demo', ['k3y-Of-The-Demo', 'short']);
    expect(leaks.map((leak) => leak.kind)).toEqual(['known-secret', 'known-secret']);
    for (const leak of leaks) expect(leak.excerpt).not.toContain('k3y-Of-The-Demo');
  });

  it.each([
    'GET /events 200 3ms',
    'WWW-Authenticate: Bearer error="invalid_token", error_description="The access token expired"',
    'authorization header missing',
    'client_secret_basic authentication failed',
  ])('lets ordinary log lines through: %s', (text) => {
    expect(findLeaks(text)).toEqual([]);
  });
});

describe('LogLeakAudit', () => {
  it('O6: sees what goes to stdout, stderr and console, and restores them', () => {
    // The audit lets output through; send it nowhere visible.
    const silence = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const write = process.stdout.write;
    const audit = LogLeakAudit.start();
    process.stderr.write(`token=${JWT}\n`);
    const report = audit.stop();
    expect(silence).toHaveBeenCalledWith(`token=${JWT}\n`);
    silence.mockRestore();
    expect(process.stdout.write).toBe(write);
    expect(report.leaks.map((leak) => leak.kind)).toEqual(['jwt']);
    expect(report.charactersScanned).toBeGreaterThan(JWT.length);
  });

  it('O6: reports a registered secret found in recorded child-process output', () => {
    registerKnownSecret('generated-client-secret-123');
    const audit = LogLeakAudit.start();
    audit.record('[shoppingbasket] using generated-client-secret-123\n');
    expect(audit.stop().leaks.map((leak) => leak.kind)).toEqual(['known-secret']);
  });
});
