import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadOrCreateSecret } from './secrets.js';
import { DEMO_SECRETS } from './topology.js';

const run = promisify(execFile);
/** The demo's secrets and more, so that the processes' additions interleave many times. */
const NAMES: readonly string[] = [...Object.values(DEMO_SECRETS), ...Array.from({ length: 16 }, (_, index) => `extra-secret-${index}`)];

/**
 * A separate Node process (the kit's TypeScript loaded through esbuild-register) that waits
 * for `startAt`, then asks for every name in its own order and prints what it got.
 */
const CHILD = `
const { loadOrCreateSecret } = require(${JSON.stringify(join(__dirname, 'secrets.ts'))});
const [dataDir, startAt, ...names] = process.argv.slice(1);
while (Date.now() < Number(startAt)) {}
const got = {};
for (const name of names) got[name] = loadOrCreateSecret(dataDir, name, {});
process.stdout.write(JSON.stringify(got));
`;

async function inAnotherProcess(dataDir: string, startAt: number, names: readonly string[]): Promise<Record<string, string>> {
  const { stdout } = await run(process.execPath, ['-r', require.resolve('esbuild-register'), '-e', CHILD, dataDir, String(startAt), ...names], { timeout: 60_000 });
  return JSON.parse(stdout) as Record<string, string>;
}

describe('loadOrCreateSecret', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'baton-secrets-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const fileOf = () => JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;

  it('generates a secret once, keeps it in secrets.json (0600) and returns it again', () => {
    const first = loadOrCreateSecret(dataDir, 'web-client-secret', {});
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(loadOrCreateSecret(dataDir, 'web-client-secret', {})).toBe(first);
    expect(fileOf()).toEqual({ 'web-client-secret': first });
    if (process.platform !== 'win32') expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual(['secrets.json']);
  });

  it('adds a new name without changing the others', () => {
    const web = loadOrCreateSecret(dataDir, 'web-client-secret', {});
    const machine = loadOrCreateSecret(dataDir, 'machine-client-secret', {});
    expect(machine).not.toBe(web);
    expect(fileOf()).toEqual({ 'web-client-secret': web, 'machine-client-secret': machine });
  });

  it('prefers the environment variable named after the secret, and writes nothing', () => {
    expect(loadOrCreateSecret(dataDir, 'web-client-secret', { WEB_CLIENT_SECRET: 'from-env' })).toBe('from-env');
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it.each([1, 2, 3])('5 processes starting at once, each asking for 24 secrets (the demo ones and more) in its own order, all get one set of secrets (round %i)', async () => {
    // A race shows only sometimes: three rounds, each in a fresh folder.
    // Late enough for all five to have loaded, so they really start together.
    const startAt = Date.now() + 2_500;
    const orders = Array.from({ length: 5 }, (_, index) => [...NAMES.slice(index * 4), ...NAMES.slice(0, index * 4)]);
    const results = await Promise.all(orders.map((names) => inAnotherProcess(dataDir, startAt, names)));

    const written = fileOf();
    expect(Object.keys(written).sort()).toEqual([...NAMES].sort());
    for (const result of results) expect(result).toEqual(written);
    expect(new Set(Object.values(written)).size).toBe(NAMES.length);
    expect(readdirSync(dataDir)).toEqual(['secrets.json']);
  }, 90_000);

  it('takes over a lock left by a process that died holding it', () => {
    const lock = join(dataDir, 'secrets.json.lock');
    writeFileSync(lock, '');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, aMinuteAgo, aMinuteAgo);
    const secret = loadOrCreateSecret(dataDir, 'web-client-secret', {});
    expect(fileOf()).toEqual({ 'web-client-secret': secret });
    expect(readdirSync(dataDir)).toEqual(['secrets.json']);
  });

  it('names the file and the fix when secrets.json is not JSON', () => {
    writeFileSync(join(dataDir, 'secrets.json'), '{ half');
    expect(() => loadOrCreateSecret(dataDir, 'web-client-secret', {})).toThrow(`${join(dataDir, 'secrets.json')} is not valid JSON; delete it to generate new demo secrets.`);
  });
});
