import type { Downstream } from './downstream.js';
import type { OnBehalfOfModuleOptions } from './on-behalf-of-module-options.js';
import { resolveDownstreams } from './resolve-downstreams.js';

/**
 * The configured downstreams, by name and by URL. Built once from the module's options, which
 * it validates (a `TypeError` at start-up for any mistake).
 */
export class DownstreamRegistry {
  private readonly byName: ReadonlyMap<string, Downstream>;
  /** Longest base path first, so a nested base URL wins over its parent. */
  private readonly byBase: readonly Downstream[];

  constructor(downstreams: readonly Downstream[]) {
    this.byName = new Map(downstreams.map((downstream) => [downstream.name, downstream]));
    this.byBase = [...downstreams].sort((a, b) => b.basePath.length - a.basePath.length);
  }

  static fromOptions(options: OnBehalfOfModuleOptions): DownstreamRegistry {
    return new DownstreamRegistry(resolveDownstreams(options));
  }

  /** The downstream named `name`; a `TypeError` listing the names when there is none. */
  get(name: string): Downstream {
    const downstream = this.byName.get(name);
    if (downstream === undefined) {
      throw new TypeError(`No downstream is named ${JSON.stringify(name)}; the configured ones are ${[...this.byName.keys()].join(', ')}.`);
    }
    return downstream;
  }

  /** The downstream whose origin and base path cover `url`, or undefined (no token goes there). */
  match(url: URL): Downstream | undefined {
    return this.byBase.find((downstream) => downstream.covers(url));
  }
}
