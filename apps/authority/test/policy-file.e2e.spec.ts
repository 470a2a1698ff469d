import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoTokenExchangePolicy } from '../src/demo-token-exchange-policy.js';
import { MAIN_API_RESOURCES, signInWithPassword, startAuthority } from '../src/index.js';
import { exchange } from './exchange.test-helpers.js';

describe('AUTHORITY_POLICY_FILE: a token-exchange policy from a JSON file, checked at start-up', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'authority-policy-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('stops the authority on a rule with a mistake, naming the file, the rule and the fix', async () => {
    const policy = demoTokenExchangePolicy({ partnerIssuer: 'http://localhost:4010', accessTokenTtl: 300 });
    const broken = { ...policy, clients: { ...policy.clients, shoppingbasket: { ownAudiences: ['shoppingbasket'], targets: { dicsount: { scopes: ['discount.fullaccess'] } } } } };
    const file = join(folder, 'broken.json');
    await writeFile(file, JSON.stringify(broken));
    const start = startAuthority({ policyFile: file });
    await expect(start).rejects.toBeInstanceOf(TypeError);
    await expect(start).rejects.toThrow(`authority.policyFile (AUTHORITY_POLICY_FILE) "${file}": `);
    await expect(start).rejects.toThrow(/policy\.clients\.shoppingbasket\.targets\.dicsount/);
  });

  it('stops the authority on a file that is missing or not JSON', async () => {
    const notJson = join(folder, 'not.json');
    await writeFile(notJson, '{ audiences: ');
    await expect(startAuthority({ policyFile: notJson })).rejects.toThrow(
      new TypeError(`authority.policyFile (AUTHORITY_POLICY_FILE) "${notJson}" is not valid JSON: fix the path or the file, or unset it for the demo policy.`),
    );
    const missing = join(folder, 'missing.json');
    await expect(startAuthority({ policyFile: missing })).rejects.toThrow(
      new TypeError(`authority.policyFile (AUTHORITY_POLICY_FILE) "${missing}" cannot be read: fix the path or the file, or unset it for the demo policy.`),
    );
  });

  it('uses the file instead of the demo policy: a client it leaves out may no longer exchange', async () => {
    const policy = demoTokenExchangePolicy({ partnerIssuer: 'http://localhost:4010', accessTokenTtl: 300 });
    const { shoppingbasket: _left, ...clients } = policy.clients;
    const file = join(folder, 'no-shoppingbasket.json');
    await writeFile(file, JSON.stringify({ ...policy, clients }));
    const authority = await startAuthority({ policyFile: file });
    try {
      const { accessToken } = await signInWithPassword({
        issuer: authority.issuer,
        client: authority.clients.web,
        redirectUri: 'http://localhost:3000/auth/callback',
        username: 'bob',
        password: 'bob-demo',
        scope: 'openid shoppingbasket.fullaccess',
        resources: [MAIN_API_RESOURCES.shoppingbasket.resource],
        tokenResource: MAIN_API_RESOURCES.shoppingbasket.resource,
      });
      const answer = await exchange(authority.issuer, authority.clients.shoppingbasket, { subject_token: accessToken, audience: 'discount' });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('unauthorized_client');
    } finally {
      await authority.close();
    }
  });
});
