// Work handed over one item at a time, done in groups: items handed over while a group is being
// done go together in the next one, and one group is done at a time (so groups keep their order).
// For per-file statements of an ingest (lib/ingest/file-rows.ts, lib/completeness/ingest-hook.ts):
// one statement for many files costs the server little more than one for a single file.

export class Grouped<T, R> {
  private queue: Array<{ item: T; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private running = false;

  constructor(
    /** Does a group; one result per item, in order. */
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly maxGroup = 200,
  ) {}

  /** Resolves with the item's result, or rejects with its group's failure. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.running) return;
      this.running = true;
      // After the current task: items handed over together (a run's first files) share a group.
      queueMicrotask(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxGroup);
      try {
        const results = await this.run(group.map((g) => g.item));
        group.forEach((g, i) => g.resolve(results[i]!));
      } catch (error) {
        for (const g of group) g.reject(error);
      }
    }
    this.running = false;
  }
}
