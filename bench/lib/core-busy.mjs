// How busy a core was, from /proc/stat (Linux): with the machine shared, the time a core spent on
// work other than the process under test tells whether a run was disturbed.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/stat (USER_HZ; 100 on every Linux build in use). */
const TICKS_PER_SECOND = 100;

/** Seconds `core` has spent busy (not idle, not waiting for I/O) since boot, or undefined off Linux. */
export function coreBusySeconds(core) {
  let stat;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  const line = stat.split('\n').find((row) => row.startsWith(`cpu${core} `));
  if (!line) return undefined;
  // user nice system idle iowait irq softirq steal guest guest_nice
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}
