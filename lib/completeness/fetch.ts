import "server-only";
import type PgBoss from "pg-boss";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import { ingestFile, type IngestOptions } from "@/lib/ingest/ingest-file";
import { finishRun, startRun } from "@/lib/ingest/runs";
import { BucketReader } from "@/lib/sources/bucket";
import { recordFetched } from "@/lib/sources/ledger";
import { SourceError } from "@/lib/sources/errors";
import { createS3Client } from "@/lib/sources/s3-client";
import { loadSyncSource } from "@/lib/sources/sources";
import { QUEUES, type FetchJob } from "@/lib/jobs/queues";
import { logger } from "@/lib/log/logger";
import type { FetchRequest, FetchStatus, MissingFileFetch } from "./schemas";

// "Fetch now" (SQL + S3): one log file a digest names and nobody read, fetched from the S3 source
// whose bucket and prefix cover it, by a job on the queue (lib/jobs, queue `completeness-fetch`).
// The worker reads exactly that key into a run of its own; the ingest engine's completeness hook
// then matches it to its digest, so the hour turns complete.

/** Which S3 source covers a bucket and key: the same bucket, the key under its prefix; the longest prefix wins. */
export async function sourceCovering(
  prisma: PrismaClient,
  bucket: string,
  key: string,
): Promise<{ id: bigint; name: string } | null> {
  const { rows } = await poolOf(prisma).query<{ id: string; name: string }>(
    `SELECT s.source_id::text AS id, x.name FROM s3_source s JOIN source x ON x.id = s.source_id
     WHERE s.bucket = $1 AND left($2, length(s.prefix)) = s.prefix ORDER BY length(s.prefix) DESC, s.source_id LIMIT 1`,
    [bucket, key],
  );
  return rows[0] ? { id: BigInt(rows[0].id), name: rows[0].name } : null;
}

/** The S3 sources' buckets and prefixes: what the page matches missing files against. */
export async function sourceCoverage(
  prisma: PrismaClient,
): Promise<{ bucket: string; prefix: string; name: string }[]> {
  const { rows } = await poolOf(prisma).query<{ bucket: string; prefix: string; name: string }>(
    `SELECT s.bucket, s.prefix, x.name FROM s3_source s JOIN source x ON x.id = s.source_id ORDER BY length(s.prefix) DESC`,
  );
  return rows;
}

type FetchRow = {
  id: string;
  bucket: string;
  key: string;
  source: string | null;
  status: FetchStatus;
  outcome: string | null;
  run_id: string | null;
  error: string | null;
  requested_at: Date;
  finished_at: Date | null;
};

const SELECT_FETCH = `SELECT f.id::text, f.bucket, f.key, x.name AS source, f.status, f.outcome, f.run_id::text, f.error,
  f.requested_at, f.finished_at FROM missing_file_fetch f LEFT JOIN source x ON x.id = f.source_id`;

function toFetch(r: FetchRow): MissingFileFetch {
  return {
    id: r.id,
    bucket: r.bucket,
    key: r.key,
    source: r.source ?? "(removed source)",
    status: r.status,
    outcome: r.outcome,
    runId: r.run_id,
    error: r.error,
    requestedAt: r.requested_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

/** The latest fetch of each key. */
export async function latestFetches(prisma: PrismaClient, keys: readonly string[]): Promise<MissingFileFetch[]> {
  if (keys.length === 0) return [];
  const latest = await poolOf(prisma).query<FetchRow>(
    `${SELECT_FETCH} WHERE f.id IN (
       SELECT DISTINCT ON (key) id FROM missing_file_fetch WHERE key = ANY($1::text[]) ORDER BY key, requested_at DESC, id DESC
     ) ORDER BY f.key`,
    [keys],
  );
  return latest.rows.map(toFetch);
}

/**
 * Queues the fetch of one missing file. Refused (SourceError) when no digest names it as missing or
 * no S3 source covers its bucket; a fetch already waiting or running is returned instead of a second.
 */
export async function requestFetch(
  prisma: PrismaClient,
  boss: PgBoss,
  request: FetchRequest,
  requestedBy: string,
): Promise<MissingFileFetch> {
  const pool = poolOf(prisma);
  const named = await pool.query(
    `SELECT 1 FROM digest_log_file WHERE key = $1 AND bucket = $2 AND file_id IS NULL LIMIT 1`,
    [request.key, request.bucket],
  );
  if (named.rowCount === 0)
    throw new SourceError("not-found", `No digest names s3://${request.bucket}/${request.key} as missing.`);
  const source = await sourceCovering(prisma, request.bucket, request.key);
  if (!source)
    throw new SourceError(
      "conflict",
      `No S3 source covers s3://${request.bucket}/${request.key}: download it and upload it on the Upload page.`,
    );
  const open = await pool.query<FetchRow>(
    `${SELECT_FETCH} WHERE f.key = $1 AND f.bucket = $2 AND f.status IN ('queued', 'reading') ORDER BY f.id DESC LIMIT 1`,
    [request.key, request.bucket],
  );
  if (open.rows[0]) return toFetch(open.rows[0]);
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO missing_file_fetch (source_id, bucket, key, requested_by) VALUES ($1, $2, $3, $4) RETURNING id::text`,
    [source.id.toString(), request.bucket, request.key, requestedBy],
  );
  const id = rows[0]!.id;
  // A row without its job would stay "queued" for good (and every later click would return it): a
  // send that fails, or that the queue declines, fails the row instead.
  const jobId = await boss
    .send(QUEUES.completenessFetch, { fetchId: id } satisfies FetchJob, { retryLimit: 0, expireInSeconds: 15 * 60 })
    .catch(async (error: unknown) => {
      await settle(prisma, id, { status: "failed", error: `Not queued: ${(error as Error).message}` });
      throw error;
    });
  if (!jobId) await settle(prisma, id, { status: "failed", error: "Not queued: the job queue declined the job." });
  const created = await pool.query<FetchRow>(`${SELECT_FETCH} WHERE f.id = $1`, [id]);
  return toFetch(created.rows[0]!);
}

async function settle(
  prisma: PrismaClient,
  id: string,
  fields: {
    status: FetchStatus;
    outcome?: string | null;
    runId?: bigint | null;
    fileId?: string | null;
    error?: string | null;
  },
): Promise<void> {
  await poolOf(prisma).query(
    `UPDATE missing_file_fetch SET status = $2, outcome = $3, run_id = COALESCE($4, run_id), file_id = $5, error = $6,
       finished_at = CASE WHEN $2 IN ('done', 'failed') THEN now() ELSE NULL END
     WHERE id = $1`,
    [
      id,
      fields.status,
      fields.outcome ?? null,
      fields.runId?.toString() ?? null,
      fields.fileId ?? null,
      fields.error ?? null,
    ],
  );
}

export interface FetchSettings {
  secretKey: string | undefined;
  ingest?: Pick<IngestOptions, "maxDecompressedBytes" | "maxRecordBytes">;
}

/** The worker's side: reads exactly the key into a run of its own and records how it ended. Never throws for S3's refusals. */
export async function runFetch(prisma: PrismaClient, fetchId: string, settings: FetchSettings): Promise<FetchStatus> {
  const { rows } = await poolOf(prisma).query<{
    source_id: string;
    key: string;
    requested_by: string | null;
    status: FetchStatus;
  }>(
    `UPDATE missing_file_fetch SET status = 'reading' WHERE id = $1 AND status = 'queued'
     RETURNING source_id::text, key, requested_by, status`,
    [fetchId],
  );
  const row = rows[0];
  const log = logger.child({ component: "fetch-now", fetchId });
  if (!row) {
    log.warn("A fetch job found its fetch taken by another attempt, or gone");
    return "failed";
  }
  const started = performance.now();
  log.info({ key: row.key }, "Fetching a missing log file");
  let source;
  try {
    source = await loadSyncSource(prisma, BigInt(row.source_id), settings.secretKey);
  } catch (error) {
    await settle(prisma, fetchId, {
      status: "failed",
      error: `The S3 source cannot be used: ${(error as Error).message}`,
    });
    return "failed";
  }
  const reader = new BucketReader(createS3Client(source.connection, { maxSockets: 2 }), source.connection);
  const run = await startRun(prisma, { kind: "s3", name: source.name }, row.requested_by);
  await settle(prisma, fetchId, { status: "reading", runId: run.runId });
  let object;
  try {
    object = await reader.getObject(row.key);
  } catch (error) {
    const failure = reader.failure(error, "get", row.key);
    await finishRun(prisma, run, [], { error: failure.message });
    await settle(prisma, fetchId, { status: "failed", runId: run.runId, error: failure.message });
    return "failed";
  }
  const summary = await ingestFile(
    prisma,
    run,
    { name: `s3://${source.connection.bucket}/${row.key}`, content: object.body, signature: object.signature },
    settings.ingest ?? {},
  );
  await finishRun(prisma, run, [summary]);
  const failed = summary.outcome === "failed" || summary.outcome === "not-ingested";
  // Read whole: into the source's ledger like a synced object (the next sync skips it).
  if (!failed && !summary.error)
    await recordFetched(
      prisma,
      { sourceId: source.id, runId: run.runId, key: row.key },
      { etag: object.etag, size: object.size, lastModified: object.lastModified },
      summary,
    );
  await settle(prisma, fetchId, {
    status: failed ? "failed" : "done",
    outcome: summary.outcome,
    runId: run.runId,
    fileId: summary.fileId,
    error: summary.error,
  });
  log.info(
    {
      key: row.key,
      outcome: summary.outcome,
      runId: run.runId.toString(),
      ms: Math.round(performance.now() - started),
    },
    "Fetched a missing log file",
  );
  return failed ? "failed" : "done";
}
