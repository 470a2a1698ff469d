import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One process of the demo, as `scripts/demo-services.json` (shared with `npm start`) lists it. */
export interface DemoService {
  readonly name: string;
  readonly project: string;
  /** Its folder, relative to the repository root. */
  readonly dir: string;
  /** The demoTopology() variable with its base URL. */
  readonly urlVariable: string;
  /** The path that answers 200 once it is ready. */
  readonly health: string;
  /** Extra environment, e.g. the partner authority's role. */
  readonly env?: Readonly<Record<string, string>>;
}

/** The repository root. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * The demo's processes in start order.
 *
 * @example
 * ```ts
 * for (const service of demoServices()) console.log(service.name);
 * ```
 */
export function demoServices(): readonly DemoService[] {
  const file = join(REPO_ROOT, 'scripts', 'demo-services.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { services: DemoService[] }).services;
}
