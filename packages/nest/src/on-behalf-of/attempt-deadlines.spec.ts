import { AttemptDeadlines } from './attempt-deadlines.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AttemptDeadlines', () => {
  it('aborts an attempt once timeoutMs has passed, within a twentieth of it (5 ms at least)', async () => {
    const deadlines = new AttemptDeadlines(100);
    const started = Date.now();
    const attempt = deadlines.watch();
    await new Promise((resolve) => attempt.controller.signal.addEventListener('abort', resolve));
    const elapsed = Date.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(100);
    expect(elapsed).toBeLessThan(100 + 5 + 60); // one sweep late at most, plus a loaded machine's slack
  });

  it('never aborts an attempt released before its deadline', async () => {
    const deadlines = new AttemptDeadlines(20);
    const released = deadlines.watch();
    deadlines.release(released);
    const kept = deadlines.watch();
    await wait(60);

    expect(released.controller.signal.aborted).toBe(false);
    expect(kept.controller.signal.aborted).toBe(true);
  });

  it('aborts each attempt at its own deadline, not at the first one', async () => {
    const deadlines = new AttemptDeadlines(80);
    const first = deadlines.watch();
    await wait(50);
    const second = deadlines.watch();
    await wait(45);

    expect(first.controller.signal.aborted).toBe(true);
    expect(second.controller.signal.aborted).toBe(false);
    await wait(60);
    expect(second.controller.signal.aborted).toBe(true);
  });

  it('keeps no timer once nothing is watched (the process can exit)', async () => {
    const deadlines = new AttemptDeadlines(10);
    deadlines.release(deadlines.watch());
    await wait(30);

    expect((deadlines as unknown as { sweeper: unknown }).sweeper).toBeUndefined();
  });
});
