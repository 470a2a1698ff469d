// How busy each core is, from /proc/stat (Linux), to tell how much other processes took from
// the servers' core during a run: the benchmark shares its machine.
import { readFileSync } from 'node:fs';

const USER_HZ = 100;

/** Busy time of `core` so far, in microseconds, or undefined where /proc/stat cannot be read. */
export function coreBusyMicros(core) {
  let stat;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  const line = stat.split('\n').find((entry) => entry.startsWith(`cpu${core} `));
  if (line === undefined) return undefined;
  // user nice system idle iowait irq softirq steal …, in USER_HZ ticks.
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user + nice + system + irq + softirq + (steal ?? 0)) * 1e6) / USER_HZ;
}
