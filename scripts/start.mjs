#!/usr/bin/env node
/**
 * `npm start`: the GloboTicket demo in one command.
 *
 * 1. builds the demo apps and what they depend on (Nx, cached: fast the second time);
 * 2. generates the demo secrets on first start (in the data folder, `.data/` by default);
 * 3. starts the authority (and the partner authority it trusts), eventcatalog, discount,
 *    shoppingbasket and the storefront with prefixed logs (concurrently);
 * 4. waits until each answers its health URL, then prints where to go and who to sign in as;
 * 5. stops all of them on Ctrl-C (or when one of them stops).
 *
 * Ports and URLs come from the demoTopology() variables (WEB_URL, AUTHORITY_URL, …, BATON_DATA_DIR).
 * `npm start -- --no-build` skips step 1.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import concurrently from 'concurrently';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { services, extraSecrets } = JSON.parse(readFileSync(join(root, 'scripts', 'demo-services.json'), 'utf8'));
const HEALTH_TIMEOUT_MS = 90_000;
const DEMO_USERS = [
  ['alice', 'alice-demo'],
  ['bob', 'bob-demo'],
];

function build() {
  const projects = [...new Set(services.map((service) => service.project))].join(',');
  console.log(`Building ${projects} …`);
  const nx = spawnSync(join(root, 'node_modules', '.bin', 'nx'), ['run-many', '-t', 'build', `--projects=${projects}`, '--outputStyle=stream'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
    env: { NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', ...process.env },
  });
  if (nx.status !== 0) {
    console.error('The build failed; nothing was started.');
    process.exit(nx.status ?? 1);
  }
}

/** Reads the topology and creates every demo secret once, before several processes race to create them. */
async function prepare() {
  const kit = await import(pathToFileURL(join(root, 'apps', 'demo-kit', 'dist', 'index.js')).href);
  const topology = kit.demoTopology(process.env, root);
  const dataDir = resolve(root, topology.dataDir);
  // DEMO_SECRETS names the partner scenario's secrets too; extraSecrets may repeat them.
  for (const name of new Set([...Object.values(kit.DEMO_SECRETS), ...extraSecrets])) kit.loadOrCreateSecret(dataDir, name);
  return { topology: { ...topology, dataDir }, portOf: kit.portOf };
}

function environmentFor(topology) {
  return {
    AUTHORITY_URL: topology.authorityUrl,
    PARTNER_AUTHORITY_URL: topology.partnerAuthorityUrl,
    EVENTCATALOG_URL: topology.eventcatalogUrl,
    SHOPPINGBASKET_URL: topology.shoppingbasketUrl,
    DISCOUNT_URL: topology.discountUrl,
    WEB_URL: topology.webUrl,
    BATON_DATA_DIR: topology.dataDir,
  };
}

function baseUrlOf(service, environment) {
  return environment[service.urlVariable];
}

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Resolves when every service answers its health URL; rejects on timeout or when `stopped` settles first. */
async function waitUntilHealthy(environment, stopped) {
  let finished = false;
  stopped.finally(() => (finished = true)).catch(() => undefined);
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  const pending = new Set(services);
  while (pending.size > 0) {
    if (finished) throw new Error('a service stopped before the demo was ready (see its log above)');
    if (Date.now() > deadline) {
      throw new Error(`not healthy after ${HEALTH_TIMEOUT_MS / 1000} s: ${[...pending].map((service) => service.name).join(', ')}`);
    }
    for (const service of [...pending]) {
      if (await answers(`${baseUrlOf(service, environment)}${service.health}`)) pending.delete(service);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function banner(topology) {
  const width = 68;
  const line = (text = '') => `│ ${text.padEnd(width - 4)} │`;
  return [
    '',
    `┌${'─'.repeat(width - 2)}┐`,
    line('GloboTicket is ready.'),
    line(),
    line(`Open ${topology.webUrl}`),
    line(`Sign in as ${DEMO_USERS.map(([user, password]) => `${user} / ${password}`).join('  or  ')}`),
    line(),
    line(`authority       ${topology.authorityUrl}`),
    line(`partner         ${topology.partnerAuthorityUrl}`),
    line(`eventcatalog    ${topology.eventcatalogUrl}/docs`),
    line(`shoppingbasket  ${topology.shoppingbasketUrl}/docs`),
    line(`discount        ${topology.discountUrl}/docs`),
    line(`data            ${topology.dataDir.length > 40 ? `…${topology.dataDir.slice(-39)}` : topology.dataDir}`),
    line(),
    line('Ctrl-C stops everything.'),
    `└${'─'.repeat(width - 2)}┘`,
    '',
  ].join('\n');
}

async function main() {
  if (!process.argv.includes('--no-build')) build();
  const { topology } = await prepare();
  const environment = environmentFor(topology);
  const { result } = concurrently(
    services.map((service) => ({
      name: service.name,
      command: `"${process.execPath}" dist/main.js`,
      cwd: join(root, service.dir),
      env: { ...process.env, ...environment, ...service.env },
    })),
    { prefix: 'name', padPrefix: true, killOthersOn: ['failure', 'success'], killSignal: 'SIGTERM' },
  );
  let settled = false;
  const stopped = result.then(
    () => 0,
    () => 1,
  );
  stopped.finally(() => (settled = true));
  let failed = false;
  try {
    await waitUntilHealthy(environment, stopped);
    console.log(banner(topology));
  } catch (error) {
    failed = true;
    console.error(`\nThe demo did not start: ${error.message}.`);
    // concurrently forwards the signal to every service it started (if any is still running).
    if (!settled) process.kill(process.pid, 'SIGTERM');
  }
  const exitCode = await stopped;
  process.exitCode = failed ? 1 : exitCode;
}

await main();
