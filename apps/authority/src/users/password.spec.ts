import { hashPassword } from './hash-password.js';
import { verifyPassword } from './verify-password.js';

describe('hashPassword / verifyPassword (scrypt)', () => {
  it('verifies the right password and refuses others, with a fresh salt per hash', async () => {
    const first = await hashPassword('alice-demo');
    const second = await hashPassword('alice-demo');
    expect(first).not.toBe(second);
    expect(await verifyPassword('alice-demo', first)).toBe(true);
    expect(await verifyPassword('alice-demo', second)).toBe(true);
    for (const wrong of ['alice-demo ', 'Alice-demo', '', 'bob-demo']) expect(await verifyPassword(wrong, first)).toBe(false);
  });

  it('never matches a stored value in another format', async () => {
    const stored = await hashPassword('x');
    for (const bad of ['', 'x', 'plain$text', stored.replace('scrypt', 'bcrypt'), stored.slice(0, -5), `${stored.split('$').slice(0, 5).join('$')}$`, stored.replace('$16384$', '$1000$'), stored.replace('$16384$', '$1073741824$')]) {
      expect(await verifyPassword('x', bad)).toBe(false);
    }
  });
});
