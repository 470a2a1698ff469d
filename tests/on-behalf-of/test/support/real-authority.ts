import { createPrivateKey, randomBytes, sign, type JsonWebKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEMO_USER_SEEDS,
  hashPassword,
  loadOrCreateSigningKeys,
  MAIN_API_RESOURCES,
  signInWithPassword,
  startAuthority,
  type MainAuthorityClients,
  type RunningAuthority,
  type StartAuthorityOptions,
} from '@baton-demo/authority';
import { decodeHeader, decodePayload, encodeSegment, registerKnownSecret } from '@baton/testing';

/** The storefront's redirect URI at the authority (nothing needs to listen there). */
const WEB_URL = 'http://localhost:3000';

/** A user of the authority under test and the password to sign in with. */
export interface TestUser {
  readonly username: string;
  readonly sub: string;
  readonly password: string;
}

/** The demo's main authority, started in this process for one spec file. */
export interface RealAuthority {
  readonly authority: RunningAuthority<MainAuthorityClients>;
  /** Its issuer identifier, `http://localhost:<port>`. */
  readonly issuer: string;
  /** alice and bob (the demo's users), then `user-03`… up to the number asked for. */
  readonly users: readonly TestUser[];
  /**
   * Signs `username` in through the authority's real login form (authorization code + PKCE,
   * as the storefront does) and returns the access token for shoppingbasket
   * (`aud` shoppingbasket, scope `shoppingbasket.fullaccess`).
   */
  signIn(username: string): Promise<string>;
  /**
   * Re-signs a token of this authority with the authority's own current signing key after
   * changing its claims (`undefined` removes one): for the cases a real flow cannot produce
   * on demand (`may_act`, a deep `act` chain, an `exp` in the past or close).
   */
  resign(token: string, changes: Record<string, unknown>): string;
  /** The token-exchange audit events, typed for the assertions. */
  auditEvents(): readonly AuditEvent[];
  close(): Promise<void>;
}

/** The fields of `@baton/authority`'s audit event the specs look at. */
export interface AuditEvent {
  readonly outcome: 'granted' | 'refused';
  readonly clientId: string | undefined;
  readonly subject: { readonly issuer: string; readonly sub: string } | undefined;
  readonly actors: readonly string[];
  readonly audience: string | undefined;
  readonly scopesGranted: readonly string[];
  readonly error?: string;
  readonly reason?: string;
  readonly tokenError?: string;
}

/**
 * Starts the real main authority (`startAuthority`) on a free port with a fresh data folder in
 * which `userCount` users exist (alice and bob, then generated ones with random passwords),
 * and registers every client secret and password with the leak audit.
 */
export async function startRealAuthority(userCount = 2, options: StartAuthorityOptions = {}): Promise<RealAuthority> {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-on-behalf-of-'));
  const users = await seedUsers(dataDir, userCount);
  let authority: RunningAuthority<MainAuthorityClients>;
  try {
    authority = await startAuthority({ logger: false, webUrl: WEB_URL, ...options, dataDir });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  for (const client of Object.values(authority.clients)) registerKnownSecret(client.secret);
  const signingKeys = loadOrCreateSigningKeys(join(dataDir, 'authority'));
  const { shoppingbasket } = MAIN_API_RESOURCES;

  return {
    authority,
    issuer: authority.issuer,
    users,
    async signIn(username) {
      const user = users.find((candidate) => candidate.username === username);
      if (user === undefined) throw new TypeError(`No test user ${username}.`);
      const tokens = await signInWithPassword({
        issuer: authority.issuer,
        client: authority.clients.web,
        redirectUri: `${WEB_URL}/auth/callback`,
        username,
        password: user.password,
        scope: `openid ${shoppingbasket.scopes.join(' ')}`,
        resources: [shoppingbasket.resource],
        tokenResource: shoppingbasket.resource,
      });
      return tokens.accessToken;
    },
    resign(token, changes) {
      const header = decodeHeader(token);
      const key = signingKeys.find((candidate) => candidate.kid === header['kid']);
      if (key === undefined || key.alg !== 'RS256') throw new TypeError('The token was not signed with a current RS256 key of this authority.');
      const payload: Record<string, unknown> = { ...decodePayload(token), ...changes };
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
      const signingInput = `${encodeSegment(header)}.${encodeSegment(payload)}`;
      const signature = sign('sha256', Buffer.from(signingInput), createPrivateKey({ key: key as JsonWebKey, format: 'jwk' }));
      return `${signingInput}.${signature.toString('base64url')}`;
    },
    auditEvents: () => authority.auditEvents as readonly AuditEvent[],
    async close() {
      await authority.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Writes `<dataDir>/authority/users.json` (read by the authority at start) with `count` users. */
async function seedUsers(dataDir: string, count: number): Promise<TestUser[]> {
  const users: TestUser[] = DEMO_USER_SEEDS.main.slice(0, count).map(({ username, sub, password }) => ({ username, sub, password }));
  for (let index = users.length + 1; index <= count; index += 1) {
    const name = `user-${String(index).padStart(2, '0')}`;
    const password = randomBytes(12).toString('base64url');
    registerKnownSecret(password);
    users.push({ username: name, sub: name, password });
  }
  const records = await Promise.all(
    users.map(async (user) => ({
      sub: user.sub,
      username: user.username,
      passwordHash: await hashPassword(user.password),
      claims: { name: user.username, email: `${user.username}@globoticket.example`, email_verified: true },
    })),
  );
  mkdirSync(join(dataDir, 'authority'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dataDir, 'authority', 'users.json'), `${JSON.stringify({ users: records }, null, 2)}\n`, { mode: 0o600 });
  return users;
}
