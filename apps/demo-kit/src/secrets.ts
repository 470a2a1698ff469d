import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SECRETS_FILE = 'secrets.json';
/** How long a process waits for another one to finish adding a secret. */
const LOCK_WAIT_MS = 10_000;
/** A lock older than this was left by a process that died while holding it. */
const STALE_LOCK_MS = 30_000;
const LOCK_POLL_MS = 5;

/**
 * Returns the demo secret called `name`, generating it on first use.
 *
 * Secrets live in `<dataDir>/secrets.json` (mode 0600), never in the repository, so every
 * fresh checkout gets its own. An environment variable named after the secret in upper snake
 * case (`web-client-secret` → `WEB_CLIENT_SECRET`) takes precedence.
 *
 * Safe when several processes start at once: the file is only ever replaced whole (written to
 * a temporary file in the same folder, then renamed over it), so a reader never sees half of
 * it, and a secret is added under a lock file (`secrets.json.lock`, created with `wx`) after
 * reading the file again, so two processes never generate two values for one name nor lose
 * each other's additions. Every process therefore gets the same value for a name.
 *
 * @example
 * ```ts
 * const clientSecret = loadOrCreateSecret(topology.dataDir, DEMO_SECRETS.webClient);
 * ```
 */
export function loadOrCreateSecret(dataDir: string, name: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[name.toUpperCase().replace(/-/g, '_')];
  if (fromEnv) return fromEnv;
  const file = join(dataDir, SECRETS_FILE);
  const known = readSecrets(file)[name];
  if (known) return known;
  mkdirSync(dataDir, { recursive: true });
  return whileLocked(`${file}.lock`, () => {
    // Another process may have added it between the first read and the lock.
    const secrets = readSecrets(file);
    const existing = secrets[name];
    if (existing) return existing;
    const created = randomBytes(32).toString('base64url');
    replaceWhole(file, { ...secrets, [name]: created });
    return created;
  });
}

/** The secrets in `file`, or none when it does not exist yet. */
function readSecrets(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    throw new Error(`${file} is not valid JSON; delete it to generate new demo secrets.`);
  }
}

/** Writes a temporary file next to `file` and renames it over `file` (atomic on one file system). */
function replaceWhole(file: string, secrets: Record<string, string>): void {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Runs `action` while holding the lock file `lock`, waiting for another holder to let go. */
function whileLocked<T>(lock: string, action: () => T): T {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(lock)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lock} is held by another process; if none is starting, delete it.`);
      sleepSync(LOCK_POLL_MS);
    }
  }
  try {
    return action();
  } finally {
    rmSync(lock, { force: true });
  }
}

function isStale(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS;
  } catch {
    // Released between our attempt and now: not stale, just try again.
    return false;
  }
}

/** Blocks this thread for `ms` (callers are synchronous: the secrets are read at start-up). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
