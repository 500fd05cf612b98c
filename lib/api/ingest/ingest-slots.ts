import "server-only";

// How many uploads this server ingests at once. Each one holds a database connection for its
// writes, parses on the one event loop and keeps its batches in memory: past a few, the pages
// slow down for everyone and memory grows with the count. Excess requests wait their turn in
// order, for a while, then get a 429 with Retry-After (handle-ingest-request.ts).

interface Slots {
  active: number;
  waiting: Array<() => void>;
}

const globalForSlots = globalThis as { cachetrailIngestSlots?: Slots };
const slots = (globalForSlots.cachetrailIngestSlots ??= { active: 0, waiting: [] });

/** A slot's release (call once), or null when none freed up within `waitMs` or the client left. */
export async function acquireIngestSlot(
  limit: number,
  waitMs: number,
  signal: AbortSignal,
): Promise<(() => void) | null> {
  if (slots.active < limit && slots.waiting.length === 0) return take();
  if (waitMs <= 0 || signal.aborted) return null;
  return new Promise((resolve) => {
    const turn = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", giveUp);
      resolve(take());
    };
    const giveUp = () => {
      clearTimeout(timer);
      const at = slots.waiting.indexOf(turn);
      if (at !== -1) slots.waiting.splice(at, 1);
      resolve(null);
    };
    const timer = setTimeout(giveUp, waitMs);
    signal.addEventListener("abort", giveUp, { once: true });
    slots.waiting.push(turn);
  });

  function take(): () => void {
    slots.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      slots.active--;
      // Handing the slot over keeps the count: the next in line gets it before any newcomer.
      const next = slots.waiting.shift();
      if (next) next();
    };
  }
}

/** Uploads being ingested and waiting, for tests and the health page. */
export function ingestSlotUse(): { active: number; waiting: number } {
  return { active: slots.active, waiting: slots.waiting.length };
}
