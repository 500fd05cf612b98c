import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import { fileOutcomeSchema, type FileOutcome } from "@/lib/ingest/file-summary";
import type { ListedObject } from "./bucket";
import { s3ObjectStatusSchema, type S3ObjectStatus } from "./schemas";

// The object ledger (s3_object) as SQL: what makes syncs incremental, resumable and safe with
// several workers.
// - Listing queues an object for the run unless the ledger has its key and ETag as done (or a
//   live worker holds it): a re-run fetches nothing already read; a new ETag is read again.
// - Reading starts with a claim: one UPDATE that takes a queued object (or one whose worker's
//   lease ran out) for this worker, so the same object is never read by two workers at once,
//   and only while its run is the source's current one (jobs of an aborted run do nothing).
// - The result is written only by the lease holder; whoever finishes a run's last object closes
//   the run (sync.ts). Each statement also marks the source's sync alive (heartbeat_at).
// Plain SQL on the pool: these run once or twice per object, and through Prisma's query compiler
// each costs more than reading a small trail file.

export type Claim =
  | { kind: "claimed"; etag: string; size: number; attempts: number }
  /** Read, failed for good, queued for another run, or its run is over: nothing to do. */
  | { kind: "settled" }
  /** Another worker holds it: try again once its lease could have run out. */
  | { kind: "busy"; leaseUntil: Date };

export interface ObjectRef {
  sourceId: bigint;
  runId: bigint;
  key: string;
}

/** Records a listed page of objects; returns the keys this run must read. */
export async function queueListed(
  prisma: PrismaClient,
  sourceId: bigint,
  runId: bigint,
  objects: readonly ListedObject[],
): Promise<string[]> {
  if (objects.length === 0) return [];
  const { rows } = await poolOf(prisma).query<{ key: string }>(
    `INSERT INTO s3_object AS o (source_id, key, etag, size, last_modified, status, run_id)
     SELECT $1, t.key, t.etag, t.size, t.modified, 'queued', $2
     FROM unnest($3::text[], $4::text[], $5::bigint[], $6::timestamptz[]) AS t(key, etag, size, modified)
     ON CONFLICT (source_id, key) DO UPDATE SET
       etag = EXCLUDED.etag, size = EXCLUDED.size, last_modified = EXCLUDED.last_modified, status = 'queued',
       run_id = EXCLUDED.run_id, attempts = 0, error = NULL, error_code = NULL, records_read = 0, stored = 0,
       duplicates = 0, rejected = 0, lease_owner = NULL, lease_until = NULL
     WHERE NOT (o.status = 'done' AND o.etag = EXCLUDED.etag)
       AND NOT (o.status = 'reading' AND coalesce(o.lease_until > now(), false))
       AND NOT (o.status = 'queued' AND o.run_id IS NOT DISTINCT FROM EXCLUDED.run_id)
     RETURNING key`,
    [
      sourceId.toString(),
      runId.toString(),
      objects.map((o) => o.key),
      objects.map((o) => o.etag),
      objects.map((o) => o.size),
      objects.map((o) => o.lastModified),
    ],
  );
  return rows.map((r) => r.key);
}

/** Keys still queued in a run: what a resumed listing sends again (job ids make that idempotent). */
export async function queuedKeys(prisma: PrismaClient, runId: bigint): Promise<string[]> {
  const { rows } = await poolOf(prisma).query<{ key: string }>(
    "SELECT key FROM s3_object WHERE run_id = $1 AND status = 'queued' ORDER BY key",
    [runId.toString()],
  );
  return rows.map((r) => r.key);
}

export async function claimObject(
  prisma: PrismaClient,
  ref: ObjectRef,
  owner: string,
  leaseSeconds: number,
): Promise<Claim> {
  const pool = poolOf(prisma);
  const params = [ref.sourceId.toString(), ref.runId.toString(), ref.key];
  const { rows } = await pool.query<{ etag: string; size: string; attempts: number }>(
    `WITH claimed AS (
       UPDATE s3_object SET status = 'reading', lease_owner = $4, lease_until = now() + make_interval(secs => $5),
         attempts = attempts + 1
       WHERE source_id = $1 AND run_id = $2 AND key = $3
         AND (status = 'queued' OR (status = 'reading' AND lease_until < now()))
         AND EXISTS (SELECT 1 FROM s3_source s WHERE s.source_id = $1 AND s.current_run_id = $2)
       RETURNING etag, size, attempts
     ), alive AS (
       UPDATE s3_source SET heartbeat_at = now()
       WHERE source_id = $1 AND current_run_id = $2 AND EXISTS (SELECT 1 FROM claimed)
     )
     SELECT etag, size, attempts FROM claimed`,
    [...params, owner, leaseSeconds],
  );
  const row = rows[0];
  if (row) return { kind: "claimed", etag: row.etag, size: Number(row.size), attempts: row.attempts };
  const held = await pool.query<{ lease_until: Date }>(
    `SELECT lease_until FROM s3_object
     WHERE source_id = $1 AND run_id = $2 AND key = $3 AND status = 'reading' AND lease_until >= now()`,
    params,
  );
  return held.rows[0] ? { kind: "busy", leaseUntil: held.rows[0].lease_until } : { kind: "settled" };
}

/**
 * Claims several objects of a run at once (the digests of a listed page, lib/sources/digests.ts):
 * the same conditions as claimObject, one statement; returns those claimed. What is not claimed is
 * read, held by another worker, or no longer this run's.
 */
export async function claimObjects(
  prisma: PrismaClient,
  sourceId: bigint,
  runId: bigint,
  keys: readonly string[],
  owner: string,
  leaseSeconds: number,
): Promise<{ key: string; etag: string; size: number }[]> {
  if (keys.length === 0) return [];
  const { rows } = await poolOf(prisma).query<{ key: string; etag: string; size: string }>(
    `WITH claimed AS (
       UPDATE s3_object SET status = 'reading', lease_owner = $4, lease_until = now() + make_interval(secs => $5),
         attempts = attempts + 1
       WHERE source_id = $1 AND run_id = $2 AND key = ANY($3::text[])
         AND (status = 'queued' OR (status = 'reading' AND lease_until < now()))
         AND EXISTS (SELECT 1 FROM s3_source s WHERE s.source_id = $1 AND s.current_run_id = $2)
       RETURNING key, etag, size
     ), alive AS (
       UPDATE s3_source SET heartbeat_at = now()
       WHERE source_id = $1 AND current_run_id = $2 AND EXISTS (SELECT 1 FROM claimed)
     )
     SELECT key, etag, size FROM claimed ORDER BY key`,
    [sourceId.toString(), runId.toString(), keys, owner, leaseSeconds],
  );
  return rows.map((r) => ({ key: r.key, etag: r.etag, size: Number(r.size) }));
}

/** Keeps a claim while a large object is read; false when the lease was lost. */
export async function renewLease(prisma: PrismaClient, ref: ObjectRef, owner: string, leaseSeconds: number) {
  const { rowCount } = await poolOf(prisma).query(
    `WITH renewed AS (
       UPDATE s3_object SET lease_until = now() + make_interval(secs => $5)
       WHERE source_id = $1 AND key = $3 AND status = 'reading' AND lease_owner = $4 RETURNING 1
     )
     UPDATE s3_source SET heartbeat_at = now()
     WHERE source_id = $1 AND current_run_id = $2 AND EXISTS (SELECT 1 FROM renewed)`,
    [ref.sourceId.toString(), ref.runId.toString(), ref.key, owner, leaseSeconds],
  );
  return rowCount === 1;
}

export interface ReadRecord {
  /** done, failed (last retry), or queued again for the next attempt. */
  status: Exclude<S3ObjectStatus, "reading">;
  /** The ETag of what was read, when S3 sent it. */
  etag: string | null;
  outcome: FileOutcome | null;
  errorCode: string | null;
  error: string | null;
  fileId: string | null;
  recordsRead: number;
  stored: number;
  duplicates: number;
  rejected: number;
}

/**
 * Writes a read's result, if this worker still holds the object. A file the engine left pending
 * (ingestFile's outcomeSetByCaller) gets its outcome in the same statement: see recordReads.
 */
export async function recordRead(prisma: PrismaClient, ref: ObjectRef, owner: string, read: ReadRecord) {
  const { rowCount } = await poolOf(prisma).query(
    `WITH recorded AS (
       UPDATE s3_object SET status = $5, etag = coalesce($6, etag), outcome = $7, error_code = $8, error = $9,
         file_id = $10, records_read = $11, stored = stored + $12, duplicates = duplicates + $13, rejected = $14,
         read_at = now(), lease_owner = NULL, lease_until = NULL
       WHERE source_id = $1 AND key = $3 AND status = 'reading' AND lease_owner = $4 RETURNING file_id
     ), files AS (
       UPDATE ingest_file f SET outcome = $7, finished_at = now()
       FROM recorded r WHERE f.id = r.file_id AND f.outcome = 'pending' AND $7::text IS NOT NULL
     ), alive AS (
       UPDATE s3_source SET heartbeat_at = now()
       WHERE source_id = $1 AND current_run_id = $2 AND EXISTS (SELECT 1 FROM recorded)
     )
     SELECT 1 FROM recorded`,
    [
      ref.sourceId.toString(),
      ref.runId.toString(),
      ref.key,
      owner,
      read.status,
      read.etag,
      read.outcome,
      read.errorCode,
      read.error,
      read.fileId,
      read.recordsRead,
      read.stored,
      read.duplicates,
      read.rejected,
    ],
  );
  return rowCount === 1;
}

/**
 * Writes the results of several reads (recordRead's rule, one statement); returns the keys recorded.
 * The ingest_file row of each read recorded is finished (its outcome set, pending until then) in the
 * same statement: a reader that dies first leaves it pending, like a read cut short, never done twice.
 */
export async function recordReads(
  prisma: PrismaClient,
  sourceId: bigint,
  runId: bigint,
  owner: string,
  reads: readonly (ReadRecord & { key: string })[],
): Promise<string[]> {
  if (reads.length === 0) return [];
  const { rows } = await poolOf(prisma).query<{ key: string }>(
    `WITH recorded AS (
       UPDATE s3_object o SET status = r.status, etag = coalesce(r.etag, o.etag), outcome = r.outcome,
         error_code = r.error_code, error = r.error, file_id = r.file_id, records_read = r.records_read,
         stored = o.stored + r.stored, duplicates = o.duplicates + r.duplicates, rejected = r.rejected,
         read_at = now(), lease_owner = NULL, lease_until = NULL
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::int[],
         $12::int[], $13::int[], $14::int[])
         AS r(key, status, etag, outcome, error_code, error, file_id, records_read, stored, duplicates, rejected)
       WHERE o.source_id = $1 AND o.key = r.key AND o.status = 'reading' AND o.lease_owner = $3
       RETURNING o.key, o.file_id, o.outcome
     ), files AS (
       UPDATE ingest_file f SET outcome = r.outcome, finished_at = now()
       FROM recorded r WHERE f.id = r.file_id AND f.outcome = 'pending' AND r.outcome IS NOT NULL
     ), alive AS (
       UPDATE s3_source SET heartbeat_at = now()
       WHERE source_id = $1 AND current_run_id = $2 AND EXISTS (SELECT 1 FROM recorded)
     )
     SELECT key FROM recorded`,
    [
      sourceId.toString(),
      runId.toString(),
      owner,
      reads.map((r) => r.key),
      reads.map((r) => r.status),
      reads.map((r) => r.etag),
      reads.map((r) => r.outcome),
      reads.map((r) => r.errorCode),
      reads.map((r) => r.error),
      reads.map((r) => r.fileId),
      reads.map((r) => r.recordsRead),
      reads.map((r) => r.stored),
      reads.map((r) => r.duplicates),
      reads.map((r) => r.rejected),
    ],
  );
  return rows.map((r) => r.key);
}

/**
 * An object read outside a sync ("Fetch now" on /completeness, lib/completeness/fetch.ts) is
 * recorded like a synced one: done, with its ETag, run and file, so the next sync that lists it
 * does not read it again and the source's counts include it. Left alone while a sync holds it
 * (reading under a live lease) or has it queued in the source's current run: that sync records it.
 * Returns whether the ledger was written.
 */
export async function recordFetched(
  prisma: PrismaClient,
  ref: ObjectRef,
  object: { etag: string; size: number; lastModified: Date | null },
  read: Pick<ReadRecord, "outcome" | "fileId" | "recordsRead" | "stored" | "duplicates" | "rejected">,
): Promise<boolean> {
  const { rowCount } = await poolOf(prisma).query(
    `INSERT INTO s3_object AS o (source_id, key, etag, size, last_modified, status, outcome, attempts, records_read,
       stored, duplicates, rejected, run_id, file_id, read_at)
     VALUES ($1, $3, $4, $5, coalesce($6, now()), 'done', $7, 1, $8, $9, $10, $11, $2, $12, now())
     ON CONFLICT (source_id, key) DO UPDATE SET
       etag = EXCLUDED.etag, size = EXCLUDED.size, last_modified = EXCLUDED.last_modified, status = 'done',
       outcome = EXCLUDED.outcome, error_code = NULL, error = NULL, attempts = o.attempts + 1,
       records_read = EXCLUDED.records_read, stored = o.stored + EXCLUDED.stored,
       duplicates = o.duplicates + EXCLUDED.duplicates, rejected = EXCLUDED.rejected, run_id = EXCLUDED.run_id,
       file_id = EXCLUDED.file_id, read_at = now(), lease_owner = NULL, lease_until = NULL
     WHERE NOT (o.status = 'reading' AND coalesce(o.lease_until > now(), false))
       AND NOT (o.status = 'queued' AND o.run_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM s3_source s WHERE s.source_id = o.source_id AND s.current_run_id = o.run_id))`,
    [
      ref.sourceId.toString(),
      ref.runId.toString(),
      ref.key,
      object.etag,
      object.size,
      object.lastModified,
      read.outcome,
      read.recordsRead,
      read.stored,
      read.duplicates,
      read.rejected,
      read.fileId,
    ],
  );
  return rowCount === 1;
}

/** Gives a claimed object back untouched (the worker is stopping): it is read again later. */
export async function releaseObject(prisma: PrismaClient, ref: ObjectRef, owner: string): Promise<void> {
  await poolOf(prisma).query(
    `UPDATE s3_object SET status = 'queued', attempts = greatest(attempts - 1, 0), lease_owner = NULL, lease_until = NULL
     WHERE source_id = $1 AND key = $2 AND status = 'reading' AND lease_owner = $3`,
    [ref.sourceId.toString(), ref.key, owner],
  );
}

/**
 * Gives several claimed objects back (releaseObject's rule, one statement). `attempted`: the attempt
 * counts (a digest the batch could not read goes to its own object job; runDigestKeys leaves it there).
 */
export async function releaseObjects(
  prisma: PrismaClient,
  sourceId: bigint,
  keys: readonly string[],
  owner: string,
  { attempted = false }: { attempted?: boolean } = {},
): Promise<void> {
  if (keys.length === 0) return;
  await poolOf(prisma).query(
    `UPDATE s3_object SET status = 'queued', attempts = CASE WHEN $4 THEN attempts ELSE greatest(attempts - 1, 0) END,
       lease_owner = NULL, lease_until = NULL
     WHERE source_id = $1 AND key = ANY($2::text[]) AND status = 'reading' AND lease_owner = $3`,
    [sourceId.toString(), keys, owner, attempted],
  );
}

/** What a digest file's key holds (lib/sources/layout.ts: the CloudTrail-Digest folder). */
export const DIGEST_KEY_PART = "/CloudTrail-Digest/";

/**
 * The digests of a run for the batch read (lib/sources/digests.ts), once its listing is over and
 * its log files are all read or being read: queued and never tried, or held by a reader whose lease
 * ran out (a worker that died reading them). Empty while a log file of the run is still to be started.
 */
export async function runDigestKeys(prisma: PrismaClient, sourceId: bigint, runId: bigint): Promise<string[]> {
  const { rows } = await poolOf(prisma).query<{ key: string }>(
    `SELECT key FROM s3_object
     WHERE run_id = $2 AND source_id = $1 AND strpos(key, $3) > 0
       AND ((status = 'queued' AND attempts = 0) OR (status = 'reading' AND lease_until < now()))
       AND EXISTS (SELECT 1 FROM s3_source s WHERE s.source_id = $1 AND s.current_run_id = $2 AND s.phase = 'reading')
       AND NOT EXISTS (SELECT 1 FROM s3_object l
         WHERE l.run_id = $2 AND l.status = 'queued' AND strpos(l.key, $3) = 0)
     ORDER BY key`,
    [sourceId.toString(), runId.toString(), DIGEST_KEY_PART],
  );
  return rows.map((r) => r.key);
}

/**
 * Every attempt of an object's job ended without its worker answering (crashed, or timed out
 * each time): the object is failed, unless a worker holds it right now.
 */
export async function abandonObject(prisma: PrismaClient, ref: ObjectRef, reason: string): Promise<boolean> {
  const { rowCount } = await poolOf(prisma).query(
    `UPDATE s3_object SET status = 'failed', error_code = 'worker-lost', error = $4, lease_owner = NULL, lease_until = NULL
     WHERE source_id = $1 AND run_id = $2 AND key = $3
       AND (status = 'queued' OR (status = 'reading' AND lease_until < now()))`,
    [ref.sourceId.toString(), ref.runId.toString(), ref.key, reason],
  );
  return rowCount === 1;
}

export interface RunObject {
  key: string;
  status: S3ObjectStatus;
  size: number;
  outcome: FileOutcome | null;
  errorCode: string | null;
  error: string | null;
  recordsRead: number;
  stored: number;
  duplicates: number;
  rejected: number;
}

export async function runObjects(prisma: PrismaClient, runId: bigint): Promise<RunObject[]> {
  const { rows } = await poolOf(prisma).query<{
    key: string;
    status: string;
    size: string;
    outcome: string | null;
    error_code: string | null;
    error: string | null;
    records_read: number;
    stored: number;
    duplicates: number;
    rejected: number;
  }>(
    `SELECT key, status, size, outcome, error_code, error, records_read, stored, duplicates, rejected
     FROM s3_object WHERE run_id = $1 ORDER BY key`,
    [runId.toString()],
  );
  return rows.map((r) => ({
    key: r.key,
    status: s3ObjectStatusSchema.parse(r.status),
    size: Number(r.size),
    outcome: r.outcome === null ? null : fileOutcomeSchema.parse(r.outcome),
    errorCode: r.error_code,
    error: r.error,
    recordsRead: r.records_read,
    stored: r.stored,
    duplicates: r.duplicates,
    rejected: r.rejected,
  }));
}

export interface RunCounts {
  total: number;
  finished: number;
  failed: number;
  bytesTotal: number;
  bytesDone: number;
  stored: number;
}

export async function runCounts(prisma: PrismaClient, runId: bigint): Promise<RunCounts> {
  const { rows } = await poolOf(prisma).query<{
    total: number;
    finished: number;
    failed: number;
    bytes_total: string;
    bytes_done: string;
    stored: string;
  }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('done', 'failed'))::int AS finished,
       count(*) FILTER (WHERE status = 'failed')::int AS failed, coalesce(sum(size), 0) AS bytes_total,
       coalesce(sum(size) FILTER (WHERE status IN ('done', 'failed')), 0) AS bytes_done, coalesce(sum(stored), 0) AS stored
     FROM s3_object WHERE run_id = $1`,
    [runId.toString()],
  );
  const r = rows[0]!;
  return {
    total: r.total,
    finished: r.finished,
    failed: r.failed,
    bytesTotal: Number(r.bytes_total),
    bytesDone: Number(r.bytes_done),
    stored: Number(r.stored),
  };
}
