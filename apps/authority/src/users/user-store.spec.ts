import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_USER_SEEDS } from './demo-user-seeds.js';
import { UserStore } from './user-store.js';

describe('UserStore', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'users-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('seeds users.json on first open, then reads it (an edited file wins over the seeds)', async () => {
    const users = await UserStore.open(folder, DEMO_USER_SEEDS.main);
    expect((await users.authenticate('alice', 'alice-demo'))?.sub).toBe('alice');
    expect((await users.authenticate('bob', 'bob-demo'))?.claims.name).toBe('Bob Brown');
    const file = join(folder, 'users.json');
    const content = JSON.parse(await readFile(file, 'utf8')) as { users: unknown[] };
    await writeFile(file, JSON.stringify({ users: content.users.slice(0, 1) }));
    const reopened = await UserStore.open(folder, DEMO_USER_SEEDS.main);
    expect(await reopened.authenticate('bob', 'bob-demo')).toBeUndefined();
    expect(reopened.findBySub('alice')?.username).toBe('alice');
  });

  it('refuses wrong passwords and unknown users alike', async () => {
    const users = await UserStore.open(folder, DEMO_USER_SEEDS.partner);
    expect((await users.authenticate('carol', 'carol-demo'))?.claims).toMatchObject({ group: ['admin'], department: 'marketing' });
    expect(await users.authenticate('carol', 'alice-demo')).toBeUndefined();
    expect(await users.authenticate('alice', 'alice-demo')).toBeUndefined();
    expect(users.findBySub('nobody')).toBeUndefined();
  });

  it('refuses a damaged users.json, naming the file and the fix', async () => {
    await writeFile(join(folder, 'users.json'), '{"users": [{"sub": 1}]}');
    await expect(UserStore.open(folder, [])).rejects.toThrow(/users\.json must be \{"users": \[\{"sub", "username", "passwordHash", "claims"\}\]\}: fix it, or delete it/);
    await writeFile(join(folder, 'users.json'), 'not json');
    await expect(UserStore.open(folder, [])).rejects.toThrow(/users\.json is not valid JSON: fix it, or delete it/);
  });
});
