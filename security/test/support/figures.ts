import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** `SECURITY_FULL=1` (set by `npm run security`) runs the documented full sizes; CI runs the bounded ones. */
export const FULL = process.env.SECURITY_FULL === '1';

/** Picks the bounded (CI) or the full size of a scenario. */
export function size(bounded: number, full: number): number {
  return FULL ? full : bounded;
}

/** A figure of SECURITY.md's last section, with the command that produced it. */
export interface Figure {
  /** Stable id, also the file name. */
  id: string;
  /** The line of SECURITY.md it reports. */
  title: string;
  /** What was measured, as label → value. */
  values: Record<string, number | string>;
  /** The goal, in words. */
  goal: string;
  /** Whether the goal was met. */
  met: boolean;
  /** Extra explanation (setup, sizes). */
  notes?: string;
}

const FOLDER = join(__dirname, '..', '..', '..', 'test-output', 'security');

/** Writes a figure to `test-output/security/<id>.json`, read by `security/write-report.mjs`. */
export function recordFigure(figure: Figure): void {
  mkdirSync(FOLDER, { recursive: true });
  const spec = `security/test/${basename(expect.getState().testPath ?? '')}`;
  writeFileSync(join(FOLDER, `${figure.id}.json`), JSON.stringify({ ...figure, spec, full: FULL, at: new Date().toISOString() }, null, 2));
}
