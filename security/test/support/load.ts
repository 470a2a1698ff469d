import { fork } from 'node:child_process';
import { join } from 'node:path';

/** Raw header pairs of one request. */
export type HeaderSet = ReadonlyArray<readonly [string, string]>;

/** A stream of GET requests the load generator sends. */
export interface LoadStream {
  /** Names the stream in the results. */
  name: string;
  url: string;
  /** Header sets, used in turn (one per request, cycling). */
  headerSets: readonly HeaderSet[];
  /** Requests in flight at most (keep-alive connections). */
  connections: number;
  /** Requests per second over all connections; 0 sends each as soon as the previous answer came. */
  rate: number;
  /** Stop after this long… */
  durationMs?: number;
  /** …or after this many requests. */
  count?: number;
}

/** What one stream got back. Latencies are in milliseconds, from sending to the end of the answer. */
export interface LoadResult {
  name: string;
  sent: number;
  answered: number;
  /** Connections that failed without an answer. */
  errors: number;
  elapsedMs: number;
  /** Answers counted by `"<status> <WWW-Authenticate or ->[ retry-after <n>]"`. */
  answers: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * Runs the streams at the same time from a child process (`load-worker.mjs`), so the load
 * generator neither shares the event loop of the server under test nor shows in its
 * `process.cpuUsage()`. Tokens travel over IPC, never through stdout.
 */
export function runLoad(streams: readonly LoadStream[]): Promise<LoadResult[]> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'load-worker.mjs'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    let results: LoadResult[] | undefined;
    child.on('message', (message) => {
      results = (message as { results: LoadResult[] }).results;
    });
    child.on('error', reject);
    child.on('exit', (code) => (results === undefined ? reject(new Error(`The load generator exited with ${code} before answering`)) : resolve(results)));
    child.send({ streams });
  });
}

/** Answers of a result whose status is `status`, summed over their challenges. */
export function countStatus(result: LoadResult, status: number): number {
  return Object.entries(result.answers)
    .filter(([key]) => key.startsWith(`${status} `))
    .reduce((sum, [, count]) => sum + count, 0);
}
