import type { AuthorityRole } from '../config/authority-role.js';
import type { DemoUserSeed } from './demo-user.js';

/**
 * The demo users each authority creates on first start. Their passwords are published on
 * purpose (this is a demo); only their scrypt hashes are written to the data folder.
 *
 * @example
 * ```ts
 * DEMO_USER_SEEDS.main.map((user) => user.username); // ['alice', 'bob']
 * ```
 */
export const DEMO_USER_SEEDS: Readonly<Record<AuthorityRole, readonly DemoUserSeed[]>> = {
  main: [
    { sub: 'alice', username: 'alice', password: 'alice-demo', claims: { name: 'Alice Adams', email: 'alice@globoticket.example', email_verified: true } },
    { sub: 'bob', username: 'bob', password: 'bob-demo', claims: { name: 'Bob Brown', email: 'bob@globoticket.example', email_verified: true } },
  ],
  partner: [
    {
      sub: 'carol',
      username: 'carol',
      password: 'carol-demo',
      claims: { name: 'Carol Clark', email: 'carol@partner.example', email_verified: true, group: ['admin'], department: 'marketing' },
    },
  ],
};
