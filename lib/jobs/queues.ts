import { createHash } from "node:crypto";
import { z } from "zod";

// The job queue's queues (pg-boss, PostgreSQL): their names, what their jobs carry, and the
// options each is created with. docs/architecture.md ("Jobs") says why pg-boss.

export const QUEUES = {
  /** Lists one S3 source into the ledger and queues its objects (one at a time per source). */
  s3Sync: "s3-sync",
  /** Reads one S3 object into the ingest engine. */
  s3Object: "s3-object",
  /** s3-object jobs whose every attempt ended without an answer from their worker. */
  s3ObjectDead: "s3-object-dead",
  /** Every minute: queues the sources that are due, closes runs nobody will finish. */
  s3Tick: "s3-tick",
  /** "Fetch now" of one log file a digest names and nobody read (lib/completeness/fetch.ts). */
  completenessFetch: "completeness-fetch",
  /** Every 10 seconds: resource summaries and stored histories (lib/resources/sweeper.ts). */
  resourcesSweep: "resources-sweep",
  /** After a large import: rebuild the ingest's indexes (lib/maintenance/index-rebuild.ts), one at a time. */
  indexRebuild: "index-rebuild",
} as const;

/** What a sync's run records as who started it when the schedule did (ingest_run.triggered_by). */
export const SCHEDULE_TRIGGER_LABEL = "schedule";

const id = z.string().regex(/^\d{1,18}$/);

export const syncJobSchema = z.object({
  sourceId: id,
  trigger: z.enum(["schedule", "manual"]),
  /** Who asked for a manual sync ("Sync now"): the user, or `user (token "name")`; recorded on its run. */
  requestedBy: z.string().max(500).optional(),
});
export type SyncJob = z.infer<typeof syncJobSchema>;

export const fetchJobSchema = z.object({ fetchId: id });
export type FetchJob = z.infer<typeof fetchJobSchema>;

export const objectJobSchema = z.object({ sourceId: id, runId: id, key: z.string().min(1) });
export type ObjectJob = z.infer<typeof objectJobSchema>;

/**
 * The same object of the same run always gets the same job id: a listing resumed after a crash
 * sends its queued objects again, and the queue keeps one job for each (ON CONFLICT DO NOTHING).
 */
export function objectJobId(runId: bigint | string, key: string): string {
  const hex = createHash("sha256").update(`${runId}\n${key}`).digest("hex");
  // Formatted as a version-5-style UUID: pg-boss ids are uuid columns.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
