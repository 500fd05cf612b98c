import "server-only";

// A small in-process memo for results that are pure functions of stored data and change only
// when an ingest adds events. Callers put a data version in the key (a resource's event count;
// the highest resource id), so a new ingest makes a new key and stale
// entries simply age out. Concurrent requests for the same key share one computation. Entries
// are bounded by count and by a caller-defined weight (e.g. history steps held), least
// recently used first out.

interface Entry<T> {
  value: Promise<T>;
  weight: number;
}

export class Memo<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private totalWeight = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight = Infinity,
    private readonly weigh: (value: T) => number = () => 1,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      // Map iteration follows insertion order: re-inserting makes it the most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const entry: Entry<T> = { value: compute(), weight: 0 };
    this.entries.set(key, entry);
    entry.value.then(
      (value) => {
        if (this.entries.get(key) !== entry) return;
        entry.weight = this.weigh(value);
        this.totalWeight += entry.weight;
        this.evict();
      },
      // A failed computation must not be remembered.
      () => this.remove(key, entry),
    );
    this.evict();
    return entry.value;
  }

  /** The value held for `key`, if any, without computing it or counting it as a use. */
  peek(key: string): Promise<T> | undefined {
    return this.entries.get(key)?.value;
  }

  clear(): void {
    this.entries.clear();
    this.totalWeight = 0;
  }

  private remove(key: string, entry: Entry<T>): void {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.totalWeight -= entry.weight;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= 1 || (this.entries.size <= this.maxEntries && this.totalWeight <= this.maxWeight))
        return;
      this.remove(key, entry);
    }
  }
}
