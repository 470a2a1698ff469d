import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Lowest port tried: above the well-known and most registered development ports. */
const LOWEST = 10_000;
/** Where the kernel's ephemeral range starts when it cannot be read (Linux's default). */
const DEFAULT_EPHEMERAL_START = 32_768;
const ATTEMPTS = 100;

/**
 * A TCP port for a demo process to listen on a moment later, chosen *below* the kernel's
 * ephemeral range and checked free by binding it (on every interface, as the demo's processes
 * do), then released.
 *
 * Why not a port the kernel picks (`listen(0)`): those come from the ephemeral range, the range
 * every other test of a CI run draws from at the same moment, for its own `listen(0)` servers
 * and its outbound connections. Between this probe and the demo process binding the port,
 * another test could be given it, and the demo would then fail to start, or send its requests
 * to a server of that test. Ports below the range are handed out by no one but this function.
 *
 * @param taken ports already chosen for the same stack, not to be chosen again.
 * @example
 * ```ts
 * const taken = new Set<number>();
 * const port = await freePort(taken);
 * taken.add(port);
 * ```
 */
export async function freePort(taken: ReadonlySet<number> = new Set()): Promise<number> {
  const highest = ephemeralRangeStart() - 1;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST + 1));
    if (!taken.has(port) && (await canListen(port))) return port;
  }
  throw new Error(`No free port between ${LOWEST} and ${highest} after ${ATTEMPTS} attempts.`);
}

/** The first port of the kernel's ephemeral range (Linux), else the Linux default. */
function ephemeralRangeStart(): number {
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > LOWEST + 1000 ? start : DEFAULT_EPHEMERAL_START;
  } catch {
    return DEFAULT_EPHEMERAL_START;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}
