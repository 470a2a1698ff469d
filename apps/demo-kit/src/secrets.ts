import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const SECRETS_FILE = 'secrets.json';

/**
 * Returns the demo secret called `name`, generating it on first use.
 *
 * Secrets live in `<dataDir>/secrets.json` (mode 0600), never in the repository, so every
 * fresh checkout gets its own. An environment variable named after the secret in upper snake
 * case (`web-client-secret` → `WEB_CLIENT_SECRET`) takes precedence.
 */
export function loadOrCreateSecret(dataDir: string, name: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[name.toUpperCase().replace(/-/g, '_')];
  if (fromEnv) return fromEnv;
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SECRETS_FILE);
  const secrets: Record<string, string> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const known = secrets[name];
  if (known) return known;
  secrets[name] = randomBytes(32).toString('base64url');
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets[name];
}
