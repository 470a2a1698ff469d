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
  /** `false` when the full-stack tests do without it (the partner authority). */
  readonly inTests?: boolean;
}

/** The repository root. */
export const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * The demo's processes in start order, without those the tests do without.
 *
 * @example
 * ```ts
 * for (const service of demoServices()) console.log(service.name);
 * ```
 */
export function demoServices(): readonly DemoService[] {
  return demoServicesFile().services.filter((service) => service.inTests !== false);
}

/**
 * The names of the secrets to generate before start besides the kit's `DEMO_SECRETS`.
 *
 * @example
 * ```ts
 * for (const name of demoExtraSecrets()) loadOrCreateSecret(dataDir, name);
 * ```
 */
export function demoExtraSecrets(): readonly string[] {
  return demoServicesFile().extraSecrets ?? [];
}

function demoServicesFile(): { services: DemoService[]; extraSecrets?: string[] } {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'scripts', 'demo-services.json'), 'utf8')) as { services: DemoService[]; extraSecrets?: string[] };
}
