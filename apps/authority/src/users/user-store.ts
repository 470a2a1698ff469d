import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoUser, DemoUserSeed } from './demo-user.js';
import { hashPassword } from './hash-password.js';
import { verifyPassword } from './verify-password.js';

/** The file, inside an authority's folder, that holds its users. */
export const USERS_FILE = 'users.json';

function isUser(value: unknown): value is DemoUser {
  if (typeof value !== 'object' || value === null) return false;
  const user = value as Record<string, unknown>;
  return typeof user.sub === 'string' && typeof user.username === 'string' && typeof user.passwordHash === 'string' && typeof user.claims === 'object' && user.claims !== null;
}

/**
 * The demo users of one authority, kept in `<folder>/users.json` with scrypt password hashes.
 * On first start the file is seeded; afterwards it is only read, so a person may edit it (add
 * a user with a hash from `hashPassword`) and restart.
 *
 * @example
 * ```ts
 * const users = await UserStore.open('.data/authority', DEMO_USER_SEEDS.main);
 * const alice = await users.authenticate('alice', 'alice-demo'); // DemoUser, or undefined
 * ```
 */
export class UserStore {
  /** A hash of a random password, checked when the username is unknown so both cases take as long. */
  private decoyHash?: Promise<string>;

  private constructor(private readonly users: readonly DemoUser[]) {}

  /** Opens the store in `folder`, creating `users.json` from `seeds` when it does not exist. */
  static async open(folder: string, seeds: readonly DemoUserSeed[]): Promise<UserStore> {
    const file = join(folder, USERS_FILE);
    if (!existsSync(file)) {
      const users: DemoUser[] = [];
      for (const seed of seeds) {
        users.push({ sub: seed.sub, username: seed.username, passwordHash: await hashPassword(seed.password), claims: seed.claims });
      }
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600 });
      renameSync(temporary, file);
      return new UserStore(users);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new TypeError(`${file} is not valid JSON: fix it, or delete it to re-create the demo users.`);
    }
    const users = (parsed as { users?: unknown } | null)?.users;
    if (!Array.isArray(users) || !users.every(isUser)) {
      throw new TypeError(`${file} must be {"users": [{"sub", "username", "passwordHash", "claims"}]}: fix it, or delete it to re-create the demo users.`);
    }
    return new UserStore(users);
  }

  /** The user with this username and password, or `undefined`; unknown names cost as much as wrong passwords. */
  async authenticate(username: string, password: string): Promise<DemoUser | undefined> {
    const user = this.users.find((candidate) => candidate.username === username);
    if (!user) {
      this.decoyHash ??= hashPassword(randomBytes(16).toString('base64url'));
      await verifyPassword(password, await this.decoyHash);
      return undefined;
    }
    return (await verifyPassword(password, user.passwordHash)) ? user : undefined;
  }

  /** The user whose subject identifier is `sub`. */
  findBySub(sub: string): DemoUser | undefined {
    return this.users.find((user) => user.sub === sub);
  }
}
