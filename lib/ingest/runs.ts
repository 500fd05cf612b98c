import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log/logger";
import { poolOf } from "@/lib/db/create-client";
import { retryWhileConnectionLost } from "@/lib/db/unavailable";
import { env } from "@/lib/env";
import { runStatus, runTotals, type CountedFile, type RunStatus, type SourceKind } from "./run-summary";
import { ownerGone, processOwner } from "./run-owner";
import { recordedFileOutcomeSchema } from "./file-summary";
import { refreshPlannerStatistics } from "./statistics";

// Runs and their lifetime. A run is never left `running`: its process records itself as the
// owner and beats every HEARTBEAT_MS while the run is open; any CacheTrail process that starts a
// run, and every live one on each beat, closes the runs whose owner is gone (the process ended
// on this machine, the machine restarted, or no beat for STALE_MS) as `aborted`, with the
// reason. S3 syncs are left to their own reaper (lib/sources): their runs outlive any one worker.

export interface RunHandle {
  runId: bigint;
}

export const HEARTBEAT_MS = 10_000;
/** Six missed beats: a process this silent is stuck or gone. */
export const STALE_MS = 60_000;

// The run's own statements are plain SQL on the pool, as the files' are (ingest-file.ts): they are
// the only Prisma queries of `npm run ingest`, and the first Prisma query of a process loads and
// compiles Prisma's query compiler (WebAssembly, 4.4 MB as base64): 0.42–0.60 s of CPU measured on
// the shared machine, against 0.002 s for the same statement on the pool (docs/benchmarks.md, "Ingest").

/** Opens an ingestion run under its source (created on first use). */
export async function startRun(
  prisma: PrismaClient,
  source: { kind: SourceKind; name: string },
  triggeredBy: string | null = null,
): Promise<RunHandle> {
  const pool = poolOf(prisma);
  // Two uploads starting at once under a new source: ON CONFLICT lets the second wait for the
  // first one's row, and reads it when its own INSERT returned nothing.
  const inserted = await pool.query<{ id: string }>(
    "INSERT INTO source (kind, name) VALUES ($1, $2) ON CONFLICT (kind, name) DO NOTHING RETURNING id",
    [source.kind, source.name],
  );
  const sourceId =
    inserted.rows[0]?.id ??
    (
      await pool.query<{ id: string }>("SELECT id FROM source WHERE kind = $1 AND name = $2", [
        source.kind,
        source.name,
      ])
    ).rows[0]!.id;
  const owned = source.kind !== "s3";
  const { rows } = await pool.query<{ id: string }>(
    "INSERT INTO ingest_run (source_id, status, triggered_by, owner, heartbeat_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [sourceId, "running" satisfies RunStatus, triggeredBy, owned ? processOwner() : null, owned ? new Date() : null],
  );
  const runId = BigInt(rows[0]!.id);
  if (owned) beatFor(prisma, runId);
  // Whoever starts a run looks for runs nobody will finish.
  void closeAbandonedRuns(prisma).catch((error: unknown) =>
    logger.warn({ err: error }, "Could not look for abandoned ingestion runs"),
  );
  return { runId };
}

/** Closes a run with totals over its files, as recorded in ingest_file. */
export async function finishRun(
  prisma: PrismaClient,
  run: RunHandle,
  files: readonly CountedFile[],
  options: { aborted?: boolean; error?: string } = {},
): Promise<RunStatus> {
  const status = runStatus(files, options.aborted ?? false);
  const { files: fileCount, bytes, ...counts } = runTotals(files);
  try {
    // A database that went away at the end of an ingest: wait for it, the run must not stay open.
    await retryWhileConnectionLost(
      () =>
        poolOf(prisma).query(
          `UPDATE ingest_run SET status = $2, finished_at = $3, file_count = $4, bytes = $5, records_read = $6,
             stored = $7, duplicates = $8, skipped = $9, rejected = $10, failed_files = $11, error = $12
           WHERE id = $1`,
          [
            run.runId.toString(),
            status,
            new Date(),
            fileCount,
            bytes,
            counts.recordsRead,
            counts.stored,
            counts.duplicates,
            counts.skipped,
            counts.rejected,
            counts.failedFiles,
            options.error ?? null,
          ],
        ),
      {
        maxWaitMs: env.INGEST_DB_RETRY_SECONDS * 1000,
        onRetry: (error) =>
          logger.warn({ err: error, runId: run.runId }, "The database is unreachable; closing the run again"),
      },
    );
  } finally {
    stopBeating(prisma, run.runId);
  }
  await refreshPlannerStatistics(prisma, counts.stored);
  return status;
}

// ---- heartbeat --------------------------------------------------------------------------------

const beating = new Map<PrismaClient, { runs: Set<bigint>; timer: NodeJS.Timeout }>();

function beatFor(prisma: PrismaClient, runId: bigint): void {
  let entry = beating.get(prisma);
  if (!entry) {
    const runs = new Set<bigint>();
    const timer = setInterval(() => void beat(prisma, runs), HEARTBEAT_MS);
    timer.unref(); // a heartbeat never keeps a process alive
    entry = { runs, timer };
    beating.set(prisma, entry);
  }
  entry.runs.add(runId);
}

function stopBeating(prisma: PrismaClient, runId: bigint): void {
  const entry = beating.get(prisma);
  if (!entry) return;
  entry.runs.delete(runId);
  if (entry.runs.size > 0) return;
  clearInterval(entry.timer);
  beating.delete(prisma);
}

async function beat(prisma: PrismaClient, runs: Set<bigint>): Promise<void> {
  try {
    await poolOf(prisma).query("UPDATE ingest_run SET heartbeat_at = now() WHERE id = ANY($1::bigint[])", [
      [...runs].map(String),
    ]);
    await closeAbandonedRuns(prisma);
  } catch (error) {
    logger.warn({ err: error }, "Ingestion run heartbeat failed");
  }
}

// ---- abandoned runs ---------------------------------------------------------------------------

/**
 * Closes as `aborted` every run whose owner is gone, with the reason; returns how many. Its
 * files still `pending` become `not-ingested`, credited with the events they did store (found
 * by ingest_file_id: stored exactly once whatever happened, and a new upload of the file adds
 * the rest). One guarded UPDATE per run decides who closes it when several processes look.
 */
export async function closeAbandonedRuns(prisma: PrismaClient, now = new Date()): Promise<number> {
  const pool = poolOf(prisma);
  const { rows } = await pool.query<{ id: string; owner: string | null; heartbeat_at: Date | null; started_at: Date }>(
    `SELECT r.id, r.owner, r.heartbeat_at, r.started_at FROM ingest_run r JOIN source s ON s.id = r.source_id
     WHERE r.status = 'running' AND s.kind <> 's3'`,
  );
  let closed = 0;
  for (const row of rows) {
    const reason = abandonedBecause(row, now);
    if (reason && (await abortRun(prisma, BigInt(row.id), reason))) closed++;
  }
  return closed;
}

function abandonedBecause(
  run: { owner: string | null; heartbeat_at: Date | null; started_at: Date },
  now: Date,
): string | null {
  const gone = run.owner ? ownerGone(run.owner) : null;
  if (gone) return gone;
  const lastSign = run.heartbeat_at ?? run.started_at;
  if (now.getTime() - lastSign.getTime() > STALE_MS)
    return `its process showed no sign of life after ${lastSign.toISOString()}`;
  return null;
}

/** Closes a running run as aborted (its files' events kept); false when it was no longer running. */
export async function abortRun(prisma: PrismaClient, runId: bigint, reason: string): Promise<boolean> {
  const client = await poolOf(prisma).connect();
  try {
    await client.query("BEGIN");
    const claimed = await client.query("SELECT 1 FROM ingest_run WHERE id = $1 AND status = 'running' FOR UPDATE", [
      runId.toString(),
    ]);
    if (claimed.rowCount === 0) {
      await client.query("ROLLBACK");
      return false;
    }
    // Each pending file's events, counted in one pass over the range of ids the run stored (its bounds
    // cannot move now: a batch of the run waits for the lock taken above before it inserts).
    await client.query(
      `WITH stored AS (
         SELECT e.ingest_file_id, count(*)::int AS n FROM event e JOIN ingest_run r ON r.id = $1
         WHERE e.ingest_run_id = r.id AND e.id BETWEEN r.first_event_id AND r.last_event_id
         GROUP BY e.ingest_file_id)
       UPDATE ingest_file f SET outcome = 'not-ingested', finished_at = now(),
         error = 'the run was aborted in the middle of this file: ' || $2,
         stored = COALESCE((SELECT n FROM stored WHERE stored.ingest_file_id = f.id), 0)
       WHERE f.run_id = $1 AND f.outcome = 'pending'`,
      [runId.toString(), reason],
    );
    const files = await client.query<{
      outcome: string;
      size: string | null;
      records_read: number;
      stored: number;
      duplicates: number;
      skipped: number;
      rejected: number;
    }>("SELECT outcome, size, records_read, stored, duplicates, skipped, rejected FROM ingest_file WHERE run_id = $1", [
      runId.toString(),
    ]);
    const counted: CountedFile[] = files.rows.map((f) => {
      const outcome = recordedFileOutcomeSchema.parse(f.outcome);
      return {
        outcome: outcome === "pending" ? "not-ingested" : outcome,
        bytes: Number(f.size ?? 0),
        recordsRead: f.records_read,
        stored: f.stored,
        duplicates: f.duplicates,
        skipped: f.skipped,
        rejected: f.rejected,
      };
    });
    const { files: fileCount, bytes, ...t } = runTotals(counted);
    await client.query(
      `UPDATE ingest_run SET status = 'aborted', finished_at = now(), error = $2, file_count = $3, bytes = $4,
         records_read = $5, stored = $6, duplicates = $7, skipped = $8, rejected = $9, failed_files = $10
       WHERE id = $1`,
      [
        runId.toString(),
        `aborted: ${reason}`,
        fileCount,
        bytes,
        t.recordsRead,
        t.stored,
        t.duplicates,
        t.skipped,
        t.rejected,
        t.failedFiles,
      ],
    );
    await client.query("COMMIT");
    logger.warn({ runId: runId.toString(), reason }, "Closed an abandoned ingestion run");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
