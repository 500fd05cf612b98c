import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { convertLegacyRecordsFor } from "@/lib/events/record-upgrade";
import { runEventLinkPass } from "./event-links";
import { FACTS_VERSION } from "./facts-encoding";
import { RESTORE_DIVISOR, RESTORE_MIN, storeCurrentFacts } from "./resource-state";
import { SUMMARY_BATCH, summariseResources } from "./summaries";
import type { ResourceRow } from "./timeline-queries";

// Work the server does in the background after an ingest from any source (upload, API, CLI,
// S3), every few seconds:
// - summaries (summaries.ts): engine, version and status of each resource whose events changed,
//   so the resources list can filter by them;
// - busy resources' stored facts: building them from all of a busy resource's events takes a
//   few hundred milliseconds (docs/benchmarks.md), reading stored ones back well under a
//   hundred, so they are built ahead of the first visit — when missing, from an older version
//   of the rules (an upgrade), or well behind their events;
// - after an upgrade of the rules, every stored history built under the old ones, a few per sweep;
// - links of stored events brought in line with the current linking rules, and links inferred from
//   stored state (event-links.ts), a few pages of events per sweep — before the histories, so a resource
//   that gained links is rebuilt in the same sweep.
// It runs as a job of the queue (lib/jobs/worker.ts, every 10 seconds), so several servers no
// longer sweep side by side; even so, updates skip rows an ingest holds, and stores never
// overwrite facts that cover more events.

/** Resources with fewer events are built on demand: that is already fast. */
export const BUSY_EVENTS = 1_000;
/** Busy resources brought up to date per sweep. */
const PER_SWEEP = 5;
/** The link pass stops for the sweep after this long (a page of 20,000 events takes well under it). */
const LINK_BUDGET_MS = 3_000;
/** Converting stored jsonb records stops for the sweep after this long (~1,000 rows take well under it). */
const RECORD_UPGRADE_BUDGET_MS = 2_000;
/** Summaries stop for the sweep after this long, so the busy resources get their turn. */
const SUMMARY_BUDGET_MS = 5_000;

/**
 * Busy resources whose stored facts are missing or far enough behind to be stored again (as
 * resource-state.ts decides), most events first.
 */
async function laggingResources(prisma: PrismaClient, minEvents: number, limit: number): Promise<ResourceRow[]> {
  return prisma.$queryRaw<ResourceRow[]>`
    SELECT r.id, r.kind, r.resource_id, r.account_id, r.region, r.first_seen, r.last_seen, r.event_count, r.change_count,
      r.last_change_at, NULL AS actor_key, NULL AS actor_name, NULL AS actor_type
    FROM resource r LEFT JOIN resource_history h ON h.resource_id = r.id AND h.version = ${FACTS_VERSION}
    WHERE r.event_count >= ${minEvents}
      AND (h.event_count IS NULL
        OR r.event_count - h.event_count >= GREATEST(${RESTORE_MIN}, ceil(h.event_count::numeric / ${RESTORE_DIVISOR})))
    ORDER BY r.event_count DESC
    LIMIT ${limit}`;
}

/** Stored histories rebuilt per sweep after an upgrade of the rules, busiest first. */
const UPGRADES_PER_SWEEP = 20;

/**
 * Resources whose stored facts were built under other rules (HISTORY_ENCODING_VERSION or the
 * facts' layout changed): every one that a page had opened, whatever its size, so that after an
 * upgrade (new cross-resource effects, say) nobody waits for a rebuild on their next visit.
 */
async function outdatedResources(prisma: PrismaClient, limit: number): Promise<ResourceRow[]> {
  return prisma.$queryRaw<ResourceRow[]>`
    SELECT r.id, r.kind, r.resource_id, r.account_id, r.region, r.first_seen, r.last_seen, r.event_count, r.change_count,
      r.last_change_at, NULL AS actor_key, NULL AS actor_name, NULL AS actor_type
    FROM resource_history h JOIN resource r ON r.id = h.resource_id
    WHERE h.version <> ${FACTS_VERSION}
    ORDER BY r.event_count DESC, r.id
    LIMIT ${limit}`;
}

/** Rebuilds up to `limit` stored histories built under older rules; returns how many. */
export async function rebuildOutdatedHistories(
  prisma: PrismaClient,
  { limit = UPGRADES_PER_SWEEP } = {},
): Promise<number> {
  const outdated = await outdatedResources(prisma, limit);
  for (const resource of outdated) await storeCurrentFacts(prisma, resource);
  return outdated.length;
}

/** Brings the stored facts of up to `limit` lagging busy resources up to date; returns how many. */
export async function storeBusyResourceHistories(
  prisma: PrismaClient,
  { minEvents = BUSY_EVENTS, limit = PER_SWEEP } = {},
): Promise<number> {
  const lagging = await laggingResources(prisma, minEvents, limit);
  // One at a time: this is background work and must not crowd out the pages being served.
  for (const resource of lagging) await storeCurrentFacts(prisma, resource);
  return lagging.length;
}

/** Summaries of every resource whose events changed (within a time budget), then a few busy resources' facts. */
export async function sweep(prisma: PrismaClient): Promise<{ summarised: number; links: number; histories: number }> {
  const start = Date.now();
  let summarised = 0;
  while (Date.now() - start < SUMMARY_BUDGET_MS) {
    const n = await summariseResources(prisma);
    summarised += n;
    if (n < SUMMARY_BATCH) break;
  }
  // Records stored before they were compressed (lib/events/record-upgrade.ts), a few pages per sweep.
  await convertLegacyRecordsFor(prisma, { budgetMs: RECORD_UPGRADE_BUDGET_MS });
  const links = await runEventLinkPass(prisma, { budgetMs: LINK_BUDGET_MS });
  const upgraded = await rebuildOutdatedHistories(prisma);
  return { summarised, links: links.linked, histories: upgraded + (await storeBusyResourceHistories(prisma)) };
}
