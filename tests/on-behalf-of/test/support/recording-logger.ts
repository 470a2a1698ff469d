import { inspect } from 'node:util';
import type { LoggerService, LogLevel } from '@nestjs/common';

/**
 * A Nest logger at every level (verbose and debug included) that keeps what it is given, each
 * argument printed deeper than any usual logger does: strings as they are, anything else with
 * `util.inspect` at depth 10 (enumerable properties, like `console.log`, pino or winston; not
 * `showHidden`, which would print non-enumerable internals such as the Node request an axios
 * error keeps: see the project README). What a careless log pipeline would store.
 */
export class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];

  log(message: unknown, ...rest: unknown[]): void {
    this.record('log', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.record('error', message, rest);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.record('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.record('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.record('verbose', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.record('fatal', message, rest);
  }

  /** Everything recorded, one entry a line. */
  text(): string {
    return this.lines.join('\n');
  }

  private record(level: LogLevel, message: unknown, rest: unknown[]): void {
    const parts = [message, ...rest].map((part) => (typeof part === 'string' ? part : inspect(part, { depth: 10 })));
    this.lines.push(`${level.toUpperCase()} ${parts.join(' ')}`);
  }
}
