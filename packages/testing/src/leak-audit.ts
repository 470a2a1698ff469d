import { findLeaks, type Leak } from './find-leaks.js';

const SECRETS = Symbol.for('baton.leakAudit.knownSecrets');

type WithSecrets = typeof globalThis & { [SECRETS]?: Set<string> };

function knownSecretSet(): Set<string> {
  const global = globalThis as WithSecrets;
  global[SECRETS] ??= new Set<string>();
  return global[SECRETS];
}

/**
 * Tells the log audit about a secret that must never be printed (a client secret, a cookie
 * key). Tests that create such secrets call it; the audit then fails the test file if the value
 * shows up in any captured output.
 *
 * @example
 * ```ts
 * const secret = randomBytes(32).toString('base64url');
 * registerKnownSecret(secret);
 * ```
 */
export function registerKnownSecret(...secrets: string[]): void {
  const set = knownSecretSet();
  for (const secret of secrets) set.add(secret);
}

/** What one capture saw. */
export interface LeakAuditReport {
  /** Characters of output inspected. */
  readonly charactersScanned: number;
  /** Secrets found (redacted excerpts). */
  readonly leaks: readonly Leak[];
}

/**
 * Captures everything written to `process.stdout`, `process.stderr` and `console` while it is
 * started, still letting it through, and reports the tokens and secrets it saw.
 *
 * The repository's Jest preset runs one around every test file (see `jest.leak-audit.ts`), so any
 * test whose code under test logs a token fails; users can do the same in their own suites.
 *
 * @example
 * ```ts
 * const audit = LogLeakAudit.start();
 * await app.inject(request);
 * expect(audit.stop().leaks).toEqual([]);
 * ```
 */
export class LogLeakAudit {
  private readonly chunks: string[] = [];
  private readonly restore: Array<() => void> = [];

  private constructor() {}

  /** Starts capturing. */
  static start(): LogLeakAudit {
    const audit = new LogLeakAudit();
    audit.tap(process.stdout);
    audit.tap(process.stderr);
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) audit.tapConsole(method);
    return audit;
  }

  /** Adds text captured elsewhere (a child process's output, a log file). */
  record(text: string): void {
    this.chunks.push(text);
  }

  /** Stops capturing and reports. */
  stop(): LeakAuditReport {
    for (const undo of this.restore.splice(0).reverse()) undo();
    const text = this.chunks.join('');
    return { charactersScanned: text.length, leaks: findLeaks(text, knownSecretSet()) };
  }

  private tap(stream: NodeJS.WriteStream): void {
    const original = stream.write;
    const chunks = this.chunks;
    stream.write = function write(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof stream.write;
    this.restore.push(() => {
      stream.write = original;
    });
  }

  private tapConsole(method: 'log' | 'info' | 'warn' | 'error' | 'debug' | 'trace'): void {
    const original = console[method];
    const chunks = this.chunks;
    console[method] = (...args: unknown[]) => {
      chunks.push(`${args.map((arg) => (typeof arg === 'string' ? arg : safeInspect(arg))).join(' ')}\n`);
      original.apply(console, args);
    };
    this.restore.push(() => {
      console[method] = original;
    });
  }
}

function safeInspect(value: unknown): string {
  try {
    return value instanceof Error ? `${value.name}: ${value.message}\n${value.stack ?? ''}` : JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
