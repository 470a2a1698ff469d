/** One attempt under watch: its abort controller and when it must be aborted. */
export interface WatchedAttempt {
  readonly controller: AbortController;
  readonly deadline: number;
}

/**
 * Aborts the attempts of one downstream that outlive `timeoutMs`, all from one timer that
 * sweeps them every `timeoutMs / 20` (between 5 and 500 ms) while there are any, so an
 * attempt is aborted at most 5 % after its time. A timer per attempt, set and cleared on
 * every call, costs more than the call's bookkeeping here: a timer is an async resource
 * (async hooks, the context's stores propagated to it) and two list operations.
 */
export class AttemptDeadlines {
  private readonly watched = new Set<WatchedAttempt>();
  private readonly sweepEveryMs: number;
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly timeoutMs: number) {
    this.sweepEveryMs = Math.min(500, Math.max(5, Math.floor(timeoutMs / 20)));
  }

  /** Watches a new attempt: its controller aborts once `timeoutMs` has passed, unless it is released first. */
  watch(): WatchedAttempt {
    const attempt: WatchedAttempt = { controller: new AbortController(), deadline: Date.now() + this.timeoutMs };
    this.watched.add(attempt);
    if (this.sweeper === undefined) {
      this.sweeper = setInterval(() => this.sweep(), this.sweepEveryMs);
      // The attempt's own socket keeps the process alive; the sweeper need not.
      this.sweeper.unref();
    }
    return attempt;
  }

  /** The attempt is over (answered or failed): it is no longer aborted. */
  release(attempt: WatchedAttempt): void {
    this.watched.delete(attempt);
  }

  private sweep(): void {
    if (this.watched.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
      return;
    }
    const now = Date.now();
    for (const attempt of this.watched) {
      if (attempt.deadline <= now) {
        this.watched.delete(attempt);
        attempt.controller.abort();
      }
    }
  }
}
