import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_SECRETS, demoTopology, loadOrCreateSecret, type DemoTopology } from '@baton-demo/kit';
import { registerKnownSecret } from '@baton/testing';
import { demoExtraSecrets, demoServices, REPO_ROOT, type DemoService } from './demo-services.js';
import { freePort } from './free-port.js';

/** The whole demo running as processes, for one test file. */
export interface DemoStack {
  readonly topology: DemoTopology;
  /** Every secret generated for this run (client secrets, cookie keys): none may appear anywhere. */
  readonly secrets: readonly string[];
  /** Everything every process printed so far (stdout and stderr, prefixed with its name). */
  output(): string;
  /** Stops every process and removes the data folder. */
  stop(): Promise<void>;
}

const URL_VARIABLES = {
  AUTHORITY_URL: 'authorityUrl',
  PARTNER_AUTHORITY_URL: 'partnerAuthorityUrl',
  EVENTCATALOG_URL: 'eventcatalogUrl',
  SHOPPINGBASKET_URL: 'shoppingbasketUrl',
  DISCOUNT_URL: 'discountUrl',
  WEB_URL: 'webUrl',
} as const;

function entryOf(service: DemoService): string {
  const entry = join(REPO_ROOT, service.dir, 'dist', 'main.js');
  if (!existsSync(entry)) {
    throw new Error(`${service.dir}/dist/main.js is missing: build first (npx nx run-many -t build -p ${service.project}); npm test does.`);
  }
  return entry;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the built demo (`node dist/main.js` of each app) on free localhost ports with a fresh
 * data folder, as `npm start` would, and resolves once every process answers its health URL.
 *
 * @example
 * ```ts
 * const stack = await startDemoStack();
 * afterAll(() => stack.stop());
 * ```
 */
export async function startDemoStack(timeoutMs = 90_000): Promise<DemoStack> {
  const services = demoServices();
  const entries = new Map(services.map((service) => [service.name, entryOf(service)]));
  const environment: Record<string, string> = { BATON_DATA_DIR: mkdtempSync(join(tmpdir(), 'baton-demo-')) };
  const ports = new Set<number>();
  for (const variable of Object.keys(URL_VARIABLES)) {
    const port = await freePort(ports);
    ports.add(port);
    environment[variable] = `http://localhost:${port}`;
  }
  const topology = demoTopology(environment, REPO_ROOT);
  // Generated here, before the processes start, so that none of them races another to create secrets.json.
  const secrets = [...Object.values(DEMO_SECRETS), ...demoExtraSecrets()].map((name) => loadOrCreateSecret(topology.dataDir, name, {}));
  // The leak audit fails the test file if any of them shows up in what it prints.
  registerKnownSecret(...secrets);

  const chunks: string[] = [];
  const outputOf = new Map<string, string[]>();
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(stopProcess));
    rmSync(topology.dataDir, { recursive: true, force: true });
  };
  let exited: { name: string; how: string } | undefined;
  for (const service of services) {
    const child = spawn(process.execPath, [entries.get(service.name) ?? ''], {
      cwd: join(REPO_ROOT, service.dir),
      env: { ...process.env, NODE_ENV: 'test', NO_COLOR: '1', ...environment, ...service.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const own: string[] = [];
    outputOf.set(service.name, own);
    const record = (stream: string) => (data: Buffer) => {
      const text = `[${service.name}${stream}] ${data.toString('utf8')}`;
      chunks.push(text);
      own.push(text);
    };
    child.stdout?.on('data', record(''));
    child.stderr?.on('data', record('!'));
    child.once('exit', (code, signal) => (exited ??= { name: service.name, how: String(signal ?? code) }));
  }
  const stack: DemoStack = { topology, secrets, output: () => chunks.join(''), stop };

  const deadline = Date.now() + timeoutMs;
  const pending = new Set(services);
  while (pending.size > 0) {
    if (exited || Date.now() > deadline) {
      await stop();
      const names = exited ? [exited.name] : [...pending].map((service) => service.name);
      const what = exited ? `${exited.name} exited (${exited.how})` : `not healthy after ${timeoutMs} ms: ${names.join(', ')}`;
      const output = names.map((name) => (outputOf.get(name) ?? []).join('').slice(-3000)).join('\n');
      throw new Error(`The demo did not start: ${what}.\n${output}`);
    }
    for (const service of [...pending]) {
      const baseUrl = environment[service.urlVariable];
      if (await healthy(`${baseUrl}${service.health}`)) pending.delete(service);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return stack;
}
