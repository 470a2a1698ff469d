import { join } from 'node:path';
import type { AuthorityConfig } from '../config/authority-config.js';

/**
 * The folder of one authority's keys and users inside the data folder: `authority/` for the
 * main authority, `partner-authority/` for the partner, so both can share one data folder.
 *
 * @example
 * ```ts
 * authorityFolder({ ...config, role: 'partner' }); // '<dataDir>/partner-authority'
 * ```
 */
export function authorityFolder(config: Pick<AuthorityConfig, 'dataDir' | 'role'>): string {
  return join(config.dataDir, config.role === 'main' ? 'authority' : 'partner-authority');
}
