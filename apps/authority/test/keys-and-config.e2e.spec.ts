import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { decodeHeader } from '@baton/testing';
import { rotateSigningKeys, startAuthority, startPartnerAuthority } from '../src/index.js';

async function jwksOf(issuer: string): Promise<Array<Record<string, unknown>>> {
  const response = await fetch(`${issuer}/jwks`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { keys: Array<Record<string, unknown>> }).keys;
}

async function machineTokenKid(issuer: string, client: { id: string; secret: string }): Promise<unknown> {
  const configuration = await oidc.discovery(new URL(issuer), client.id, undefined, oidc.ClientSecretBasic(client.secret), { execute: [oidc.allowInsecureRequests] });
  const tokens = await oidc.clientCredentialsGrant(configuration, { resource: 'urn:globoticket:eventcatalog' });
  return decodeHeader(tokens.access_token).kid;
}

describe('signing keys: generated on first start, kept, rotated with overlap', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'authority-keys-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('publishes an RS256 and an ES256 public key, never a private member, and writes them with mode 0600', async () => {
    const authority = await startAuthority({ dataDir });
    try {
      const keys = await jwksOf(authority.issuer);
      expect(keys.map((key) => [key.kty, key.alg, key.use])).toEqual([
        ['RSA', 'RS256', 'sig'],
        ['EC', 'ES256', 'sig'],
      ]);
      for (const key of keys) for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(member);
      const file = join(dataDir, 'authority', 'signing-keys.json');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dataDir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    } finally {
      await authority.close();
    }
  });

  it('keeps the same keys, secrets and users across a restart', async () => {
    const first = await startAuthority({ dataDir });
    const kidsBefore = (await jwksOf(first.issuer)).map((key) => key.kid);
    const machineBefore = first.clients.machine;
    const kidBefore = await machineTokenKid(first.issuer, machineBefore);
    await first.close();

    const second = await startAuthority({ dataDir });
    try {
      expect((await jwksOf(second.issuer)).map((key) => key.kid)).toEqual(kidsBefore);
      expect(second.clients.machine.secret).toBe(machineBefore.secret);
      expect(await machineTokenKid(second.issuer, second.clients.machine)).toBe(kidBefore);
      const users = JSON.parse(await readFile(join(dataDir, 'authority', 'users.json'), 'utf8')) as { users: Array<{ username: string; passwordHash: string }> };
      expect(users.users.map((user) => user.username)).toEqual(['alice', 'bob']);
      for (const user of users.users) {
        expect(user.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
        expect(JSON.stringify(user)).not.toContain('-demo');
      }
    } finally {
      await second.close();
    }
  });

  it('K4: after rotation the new key signs and the old one stays published; a second rotation retires it', async () => {
    const first = await startAuthority({ dataDir });
    const oldKid = await machineTokenKid(first.issuer, first.clients.machine);
    await first.close();

    const rotation = rotateSigningKeys(join(dataDir, 'authority'));
    expect(rotation.added).toHaveLength(2);
    expect(rotation.retired).toEqual([]);
    const second = await startAuthority({ dataDir });
    try {
      const newKid = await machineTokenKid(second.issuer, second.clients.machine);
      expect(newKid).toBe(rotation.added[0]);
      expect(newKid).not.toBe(oldKid);
      const published = (await jwksOf(second.issuer)).map((key) => key.kid);
      expect(published).toEqual(rotation.published);
      expect(published).toContain(oldKid);
    } finally {
      await second.close();
    }

    const again = rotateSigningKeys(join(dataDir, 'authority'));
    expect(again.retired).toContain(oldKid);
    const third = await startAuthority({ dataDir });
    try {
      expect((await jwksOf(third.issuer)).map((key) => key.kid)).not.toContain(oldKid);
    } finally {
      await third.close();
    }
  });

  it('refuses to start on a damaged key file instead of replacing it, naming the file and the fix', async () => {
    const authority = await startAuthority({ dataDir });
    await authority.close();
    await writeFile(join(dataDir, 'authority', 'signing-keys.json'), '{"generations": []}');
    await expect(startAuthority({ dataDir })).rejects.toThrow(/signing-keys\.json does not hold signing key generations: restore it from a backup, or delete it/);
  });

  it('keeps the partner authority in its own folder with its own keys', async () => {
    const main = await startAuthority({ dataDir });
    const partner = await startPartnerAuthority({ dataDir });
    try {
      const mainKids = (await jwksOf(main.issuer)).map((key) => key.kid);
      const partnerKids = (await jwksOf(partner.issuer)).map((key) => key.kid);
      expect(partnerKids.filter((kid) => mainKids.includes(kid))).toEqual([]);
      await expect(stat(join(dataDir, 'partner-authority', 'signing-keys.json'))).resolves.toBeDefined();
    } finally {
      await partner.close();
      await main.close();
    }
  });

  it('refuses to start on a configuration mistake, before listening, naming the option', async () => {
    await expect(startAuthority({ dataDir, accessTokenTtl: 5 })).rejects.toThrow(
      new TypeError('authority.accessTokenTtl (AUTHORITY_ACCESS_TOKEN_TTL) must be a whole number of seconds from 30 to 86400, got 5.'),
    );
    await expect(startPartnerAuthority({ dataDir, partnerPortalRedirectUri: 'portal' })).rejects.toThrow(/^authority\.partnerPortalRedirectUri \(PARTNER_PORTAL_REDIRECT_URI\)/);
  });

  it('rotateSigningKeys refuses to keep fewer than two generations', () => {
    expect(() => rotateSigningKeys(join(dataDir, 'authority'), { keep: 1 })).toThrow(new TypeError('rotateSigningKeys options.keep must be a whole number of at least 2: the new generation and the one whose tokens are still in circulation.'));
  });
});
