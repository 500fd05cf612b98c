// Letting timers and I/O run in the middle of long work. An `await` on data that is already
// there resumes at once, in the same turn (a microtask): a loop over a buffered stream never
// gives the event loop back on its own, and inside the web server every other request (even
// the upload's progress polls) would wait for it. setImmediate resumes after pending I/O.

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * For a hot loop: `if (budget.spent()) await budget.yield()` gives the event loop back once the
 * loop has held it for more than `maxBusyMs`, and costs a clock read otherwise.
 */
export class EventLoopBudget {
  private since = performance.now();

  constructor(private readonly maxBusyMs: number) {}

  spent(): boolean {
    return performance.now() - this.since > this.maxBusyMs;
  }

  async yield(): Promise<void> {
    await yieldToEventLoop();
    this.since = performance.now();
  }
}
