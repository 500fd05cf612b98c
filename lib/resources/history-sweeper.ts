import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { FACTS_VERSION } from "./facts-encoding";
import { restoreAfter, storeCurrentFacts } from "./resource-state";
import type { ResourceRow } from "./timeline-queries";

// Building a busy resource's facts from all of its events takes a few hundred milliseconds
// (docs/benchmarks.md); reading stored ones back takes well under a hundred. So the server
// builds them ahead of the first visit: every minute it looks for busy resources whose stored
// facts are missing, from an older version of the rules, or well behind their events — after
// an ingest from any source (upload, API, CLI, S3) or an upgrade — and brings a few up to date.
// A job queue will take this over; until then each server process sweeps on its own, and
// stores never overwrite facts that cover more events.

/** Resources with fewer events are built on demand: that is already fast. */
export const BUSY_EVENTS = 1_000;
const SWEEP_INTERVAL_MS = 60_000;
const PER_SWEEP = 10;

/** Busy resources whose stored facts are missing or behind, most events first. */
async function laggingResources(prisma: PrismaClient, minEvents: number, limit: number): Promise<ResourceRow[]> {
  const rows = await prisma.$queryRaw<Array<ResourceRow & { stored: number | null }>>`
    SELECT r.id, r.kind, r.resource_id, r.account_id, r.region, r.first_seen, r.last_seen, r.event_count, r.change_count,
      r.last_change_at, NULL AS actor_key, NULL AS actor_name, NULL AS actor_type, h.event_count AS stored
    FROM resource r LEFT JOIN resource_history h ON h.resource_id = r.id AND h.version = ${FACTS_VERSION}
    WHERE r.event_count >= ${minEvents} AND (h.event_count IS NULL OR h.event_count < r.event_count)
    ORDER BY r.event_count DESC`;
  return rows.filter((r) => r.stored === null || r.event_count - r.stored >= restoreAfter(r.stored)).slice(0, limit);
}

/** Brings the stored facts of up to `limit` lagging busy resources up to date; returns how many. */
export async function storeBusyResourceHistories(prisma: PrismaClient, { minEvents = BUSY_EVENTS, limit = PER_SWEEP } = {}): Promise<number> {
  const lagging = await laggingResources(prisma, minEvents, limit);
  // One at a time: this is background work and must not crowd out the pages being served.
  for (const resource of lagging) await storeCurrentFacts(prisma, resource);
  return lagging.length;
}

const globalForSweeper = globalThis as { historySweeper?: NodeJS.Timeout };

/** Sweeps every minute in this process (started once, from instrumentation.ts). */
export function startHistorySweeper(prisma: () => PrismaClient): void {
  if (globalForSweeper.historySweeper) return;
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const stored = await storeBusyResourceHistories(prisma());
      if (stored > 0) console.log(`Stored the reconstructed histories of ${stored} busy resource${stored === 1 ? "" : "s"}.`);
    } catch (error) {
      console.error("Could not store the histories of busy resources:", error);
    } finally {
      running = false;
    }
  };
  globalForSweeper.historySweeper = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
  globalForSweeper.historySweeper.unref();
  setTimeout(() => void sweep(), 5_000).unref();
}
