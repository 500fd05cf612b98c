import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import type { FileSummary } from "@/lib/ingest/file-summary";
import { ingestFile, type IngestOptions } from "@/lib/ingest/ingest-file";
import { finishRun, startRun } from "@/lib/ingest/runs";
import { logger } from "@/lib/log/logger";
import type { RunStatus } from "@/lib/ingest/run-summary";
import type { BucketReader, ListedObject } from "./bucket";
import { boundaryDay, discoverStreams } from "./discover";
import { dayFolder, dayOf, parseTrailKey, streamId, type Day } from "./layout";
import {
  claimObject,
  DIGEST_KEY_PART,
  queuedKeys,
  queueListed,
  recordRead,
  releaseObject,
  renewLease,
  runObjects,
  type ObjectRef,
  type RunObject,
} from "./ledger";
import { daysToList, listedThroughAfter, needsFullListing, wantedStreams } from "./plan";
import type { S3Failure } from "./s3-errors";
import { deleteSource, type SyncSource } from "./sources";

/** Digest files listed before they are queued in the ledger together (one listing page's worth). */
const DIGESTS_QUEUED_AT_ONCE = 1000;
/** How often a listing of digest folders renews the sync's heartbeat (a lease is several seconds). */
const DIGEST_LISTING_ALIVE_MS = 1000;
/** beginSync's advisory lock: this key, then the source's id. */
const BEGIN_SYNC_LOCK = 8154023;

// One sync of an S3 source, as steps any driver runs — the job queue (lib/jobs) spreads the
// objects over workers, the CLI (lib/sources/sync-here.ts) reads them itself:
//   beginSync   opens an ingestion run (source s3) and makes it the source's current one;
//   listSync    discovers the streams and lists the wanted day folders into the ledger, handing
//               each page's objects to read to the driver as soon as it is listed;
//   readObject  claims one object, streams it from S3 into the ingest engine, records the result;
//   closeRunIfSettled  closes the run once its last object is read (whoever reads it);
//   abortRun / reapRuns  close runs whose driver died, with the reason.

export type Begin = { kind: "started"; runId: bigint } | { kind: "busy"; runId: bigint; runner: string | null };

export async function beginSync(
  prisma: PrismaClient,
  source: SyncSource,
  runner: string,
  {
    now = new Date(),
    triggeredBy = null,
  }: {
    now?: Date;
    /** Who started it, for the run (ingest_run.triggered_by): a user, `schedule`, or the command line. */
    triggeredBy?: string | null;
  } = {},
): Promise<Begin> {
  const busy = async (): Promise<Begin | null> => {
    const row = await prisma.s3Source.findUnique({
      where: { sourceId: source.id },
      select: { currentRunId: true, runner: true },
    });
    return row?.currentRunId ? { kind: "busy", runId: row.currentRunId, runner: row.runner } : null;
  };
  // Drivers beginning the same source wait for each other here, so a second one finds the first's run
  // instead of opening one of its own and deleting it: that delete checks event's foreign key, which
  // no index serves (a run's events are read by their id range), so it scans every event.
  const key = [BEGIN_SYNC_LOCK, Number(source.id % 2_147_483_647n)];
  const lock = await poolOf(prisma).connect();
  try {
    await lock.query("SELECT pg_advisory_lock($1, $2)", key);
    const already = await busy();
    if (already) return already;
    const run = await startRun(prisma, { kind: "s3", name: source.name }, triggeredBy);
    const claimed = await prisma.s3Source.updateMany({
      where: { sourceId: source.id, currentRunId: null },
      data: {
        currentRunId: run.runId,
        phase: "listing",
        runner,
        heartbeatAt: now,
        nextSyncAt: new Date(now.getTime() + source.intervalMinutes * 60_000),
      },
    });
    if (claimed.count === 1) return { kind: "started", runId: run.runId };
    // The source was removed meanwhile: this run never started.
    await prisma.ingestRun.delete({ where: { id: run.runId } });
    return (await busy()) ?? { kind: "busy", runId: run.runId, runner: null };
  } finally {
    // A connection whose unlock failed is closed, which frees the lock, rather than reused.
    const unlocked = await lock.query("SELECT pg_advisory_unlock($1, $2)", key).then(
      () => true,
      () => false,
    );
    lock.release(!unlocked);
  }
}

export async function syncAlive(prisma: PrismaClient, sourceId: bigint, runId: bigint): Promise<void> {
  await prisma.s3Source.updateMany({
    where: { sourceId, currentRunId: runId },
    data: { heartbeatAt: new Date() },
  });
}

export interface ListingOptions {
  /** List every wanted day, not only those since the last listing (the CLI always does). */
  full?: boolean;
  /** Overrides the source's start date for this sync (the CLI's --from); null reads everything. */
  from?: Day | null;
  /** Last day listed (the CLI's --to); today by default. */
  to?: Day;
  /** Whether this listing may become the source's incremental starting point (not for a CLI range). */
  recordState: boolean;
  /** Receives the keys to read as each page is listed. */
  onQueued: (keys: string[]) => Promise<void>;
  /**
   * Receives the digest files instead of `onQueued`, once every log file is listed, up to a thousand at
   * a time: a driver reads them in batches (lib/sources/digests.ts), not as one object read each.
   * Without it they go to `onQueued`.
   */
  onDigests?: (keys: string[]) => Promise<void>;
  now?: Date;
}

export interface ListingResult {
  streams: number;
  days: number;
  objectsListed: number;
  objectsQueued: number;
  requests: number;
}

export async function listSync(
  prisma: PrismaClient,
  reader: BucketReader,
  source: SyncSource,
  runId: bigint,
  options: ListingOptions,
): Promise<ListingResult> {
  const started = options.now ?? new Date();
  const prefix = source.connection.prefix;
  const full = options.full ?? needsFullListing(source.listing, started);
  const to = options.to ?? dayOf(started);
  const requestsBefore = reader.requests;
  const discovery = await discoverStreams(reader, prefix, { accounts: source.filter.accounts });
  const streams = wantedStreams(discovery.streams, source.filter);
  const result: ListingResult = { streams: streams.length, days: 0, objectsListed: 0, objectsQueued: 0, requests: 0 };

  // A listing resumed after a crash: what it queued before is queued still, but its jobs may be gone.
  const leftover = await queuedKeys(prisma, runId);
  if (leftover.length > 0) {
    result.objectsQueued += leftover.length;
    const digests = options.onDigests ? leftover.filter((key) => key.includes(DIGEST_KEY_PART)) : [];
    const logs = digests.length > 0 ? leftover.filter((key) => !key.includes(DIGEST_KEY_PART)) : leftover;
    if (digests.length > 0) await options.onDigests!(digests);
    if (logs.length > 0) await options.onQueued(logs);
  }
  // Every stream's log files first, then the digest files (lib/completeness), same days, their own folder:
  // the readers start on each page of log files as it is listed, and never wait behind a digest folder's
  // request and ledger row; the digests are read once the log files are, so listing them last delays
  // nothing (issue 16).
  const wanted: { stream: (typeof streams)[number]; days: Day[] }[] = [];
  for (const stream of streams) {
    const from =
      (options.from !== undefined ? options.from : source.startDate) ??
      (await boundaryDay(reader, prefix, stream, "first"));
    if (!from) continue;
    const days = daysToList(stream, { from, to }, source.listing, full);
    result.days += days.length;
    wanted.push({ stream, days });
  }
  /** Only files of the layout: not the empty "folder" objects some tools create. */
  const trailFiles = (listed: ListedObject[]) => listed.filter((o) => parseTrailKey(o.key, prefix) !== null);
  for (const { stream, days } of wanted)
    for (const day of days)
      for await (const listed of reader.listObjects(dayFolder(prefix, stream, day, "CloudTrail"))) {
        const page = trailFiles(listed);
        result.objectsListed += page.length;
        const keys = await queueListed(prisma, source.id, runId, page);
        result.objectsQueued += keys.length;
        if (keys.length > 0) await options.onQueued(keys);
        await syncAlive(prisma, source.id, runId);
      }
  // A day's digest folder holds at most one file an hour: the folders' pages go into the ledger
  // together, one statement per DIGESTS_QUEUED_AT_ONCE digests rather than one per day folder.
  let digests: ListedObject[] = [];
  const queueDigests = async () => {
    const page = digests;
    digests = [];
    const keys = await queueListed(prisma, source.id, runId, page);
    result.objectsQueued += keys.length;
    if (keys.length > 0) await (options.onDigests ?? options.onQueued)(keys);
    await alive();
  };
  // Between two queued pages a listing of many empty digest folders still shows it is alive.
  let aliveAt = Date.now();
  const alive = async () => {
    aliveAt = Date.now();
    await syncAlive(prisma, source.id, runId);
  };
  for (const { stream, days } of wanted)
    for (const day of days)
      for await (const listed of reader.listObjects(dayFolder(prefix, stream, day, "CloudTrail-Digest"))) {
        const page = trailFiles(listed);
        result.objectsListed += page.length;
        digests.push(...page);
        if (digests.length >= DIGESTS_QUEUED_AT_ONCE) await queueDigests();
        else if (Date.now() - aliveAt > DIGEST_LISTING_ALIVE_MS) await alive();
      }
  if (digests.length > 0) await queueDigests();
  const ids = streams.map(streamId);
  await prisma.s3Source.updateMany({
    where: { sourceId: source.id, currentRunId: runId },
    data: {
      phase: "reading",
      lastError: null,
      heartbeatAt: new Date(),
      ...(options.recordState
        ? {
            listedThrough: new Date(`${listedThroughAfter(started)}T00:00:00Z`),
            streams: full ? ids : [...new Set([...source.listing.knownStreams, ...ids])],
            ...(full ? { fullListingAt: started } : {}),
          }
        : {}),
    },
  });
  result.requests = reader.requests - requestsBefore;
  return result;
}

/** The listing failed: the source shows why, and the run ends failed once what it queued is read. */
export async function failListing(
  prisma: PrismaClient,
  sourceId: bigint,
  runId: bigint,
  failure: S3Failure,
): Promise<void> {
  await prisma.ingestRun.update({ where: { id: runId }, data: { error: failure.message } });
  await prisma.s3Source.updateMany({
    where: { sourceId, currentRunId: runId },
    data: { phase: "reading", lastError: failure.message, heartbeatAt: new Date() },
  });
}

export interface ReadOptions {
  /** Who holds the object while reading it (a worker's id). */
  owner: string;
  leaseSeconds: number;
  /** No retry follows a failure of this attempt: the object is failed for good. */
  lastAttempt: boolean;
  signal?: AbortSignal;
  ingest?: Pick<IngestOptions, "maxDecompressedBytes" | "maxRecordBytes" | "onProgress">;
}

export type ReadResult =
  | { kind: "settled" }
  | { kind: "busy"; leaseUntil: Date }
  /** The worker is stopping: the object was given back unread. */
  | { kind: "released" }
  | { kind: "done"; summary: FileSummary }
  /** `final`: failed for good; otherwise queued again for the next attempt. */
  | { kind: "failed"; failure: S3Failure; final: boolean; summary: FileSummary | null };

function readFailure(summary: FileSummary, streamError: unknown, reader: BucketReader, key: string): S3Failure {
  if (streamError !== null) return reader.failure(streamError, "get", key);
  // The bytes arrived but are not a readable trail file (corrupt gzip, truncated, not JSON…):
  // retried, since a read cut short can look the same.
  if (summary.errorCode === "store-error") return { code: "store-error", message: summary.error!, retryable: true };
  return { code: "corrupt", message: summary.error!, retryable: true };
}

export async function readObject(
  prisma: PrismaClient,
  reader: BucketReader,
  ref: ObjectRef,
  options: ReadOptions,
): Promise<ReadResult> {
  const claim = await claimObject(prisma, ref, options.owner, options.leaseSeconds);
  if (claim.kind !== "claimed") return claim;
  const release = async (): Promise<ReadResult> => {
    await releaseObject(prisma, ref, options.owner);
    return { kind: "released" };
  };
  const fail = async (failure: S3Failure, summary: FileSummary | null): Promise<ReadResult> => {
    const final = options.lastAttempt || !failure.retryable;
    await recordRead(prisma, ref, options.owner, {
      status: final ? "failed" : "queued",
      etag: null,
      outcome: summary?.outcome ?? null,
      errorCode: failure.code,
      error: failure.message,
      fileId: summary?.fileId ?? null,
      recordsRead: summary?.recordsRead ?? 0,
      stored: summary?.stored ?? 0,
      duplicates: summary?.duplicates ?? 0,
      rejected: summary?.rejected ?? 0,
    });
    return { kind: "failed", failure, final, summary };
  };

  let object;
  try {
    object = await reader.getObject(ref.key, options.signal);
  } catch (error) {
    if (options.signal?.aborted) return release();
    return fail(reader.failure(error, "get", ref.key), null);
  }

  let streamError: unknown = null;
  async function* watched(body: AsyncIterable<Uint8Array>) {
    try {
      yield* body;
    } catch (error) {
      streamError = error;
      throw error;
    }
  }
  let renewedAt = Date.now();
  const summary = await ingestFile(
    prisma,
    { runId: ref.runId },
    {
      name: `s3://${reader.settings.bucket}/${ref.key}`,
      content: watched(object.body),
      size: object.size || undefined, // 0: no Content-Length
      signature: object.signature,
    },
    {
      ...options.ingest,
      signal: options.signal,
      outcomeSetByCaller: true,
      onProgress: (progress) => {
        options.ingest?.onProgress?.(progress);
        // A large object keeps its lease while it is read; a crashed worker's lease runs out.
        if (Date.now() - renewedAt > (options.leaseSeconds * 1000) / 3) {
          renewedAt = Date.now();
          renewLease(prisma, ref, options.owner, options.leaseSeconds).catch((error: unknown) =>
            logger.error({ err: error, key: ref.key }, "Could not renew the lease on an S3 object"),
          );
        }
      },
    },
  );
  if (options.signal?.aborted) return release();
  if (summary.error) return fail(readFailure(summary, streamError, reader, ref.key), summary);
  await recordRead(prisma, ref, options.owner, {
    status: "done",
    etag: object.etag || null,
    outcome: summary.outcome,
    errorCode: null,
    error: null,
    fileId: summary.fileId,
    recordsRead: summary.recordsRead,
    stored: summary.stored,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
  });
  return { kind: "done", summary };
}

/** A ledger row as the run's file summary: what finishRun totals. */
function objectSummary(o: RunObject): FileSummary {
  const outcome =
    o.status === "done"
      ? (o.outcome ?? "ok")
      : o.status === "failed"
        ? o.stored + o.duplicates > 0
          ? "partial"
          : "failed"
        : "not-ingested";
  return {
    name: o.key,
    fileId: null,
    outcome,
    format: null,
    error: o.error,
    errorCode: o.errorCode,
    note: null,
    bytes: o.status === "done" || o.status === "failed" ? o.size : 0,
    sha256: null,
    recordsRead: o.recordsRead,
    stored: o.stored,
    duplicates: o.duplicates,
    skipped: 0,
    rejected: o.rejected,
    rejections: [],
    durationMs: 0,
  };
}

async function finishSyncRun(
  prisma: PrismaClient,
  runId: bigint,
  options: { aborted?: boolean; reason?: string } = {},
): Promise<RunStatus> {
  const [objects, run] = await Promise.all([
    runObjects(prisma, runId),
    prisma.ingestRun.findUniqueOrThrow({ where: { id: runId }, select: { error: true } }),
  ]);
  // A listing error was written on the run when it happened (failListing).
  const listingError = run.error;
  const status = await finishRun(prisma, { runId }, objects.map(objectSummary), {
    aborted: options.aborted,
    error: options.reason ?? listingError ?? undefined,
  });
  if (!options.aborted && listingError !== null && status !== "failed") {
    await prisma.ingestRun.update({ where: { id: runId }, data: { status: "failed" } });
    return "failed";
  }
  return status;
}

/** Closes the run when its listing is over and no object of it is left to read; null when it is not. */
export async function closeRunIfSettled(
  prisma: PrismaClient,
  sourceId: bigint,
  runId: bigint,
): Promise<RunStatus | null> {
  return (await settleRun(prisma, sourceId, runId)).status;
}

/**
 * closeRunIfSettled, which also says whether the run, not closed, has only digests left to start
 * (its listing over, every log file read or being read): the queue's sync reads them then, in a
 * batch, beside the last log files (lib/jobs/s3-jobs.ts). One statement: of the workers finishing a run's last objects, the last to
 * commit sees them all settled and is the only one whose update matches.
 */
export async function settleRun(
  prisma: PrismaClient,
  sourceId: bigint,
  runId: bigint,
): Promise<{ status: RunStatus | null; digestsLeft: boolean }> {
  const { rows } = await poolOf(prisma).query<{ closed: boolean; digests_left: boolean }>(
    `WITH closed AS (
       UPDATE s3_source SET current_run_id = NULL, phase = NULL, runner = NULL, heartbeat_at = NULL
       WHERE source_id = $1 AND current_run_id = $2 AND phase = 'reading'
         AND NOT EXISTS (SELECT 1 FROM s3_object WHERE run_id = $2 AND status IN ('queued', 'reading'))
       RETURNING 1
     )
     SELECT EXISTS (SELECT 1 FROM closed) AS closed,
       NOT EXISTS (SELECT 1 FROM closed)
         AND EXISTS (SELECT 1 FROM s3_source WHERE source_id = $1 AND current_run_id = $2 AND phase = 'reading')
         AND NOT EXISTS (SELECT 1 FROM s3_object
           WHERE run_id = $2 AND status = 'queued' AND strpos(key, $3) = 0) AS digests_left`,
    [sourceId.toString(), runId.toString(), DIGEST_KEY_PART],
  );
  const row = rows[0]!;
  return { status: row.closed ? await finishSyncRun(prisma, runId) : null, digestsLeft: row.digests_left };
}

/**
 * Ends a sync whose driver is gone (or whose source is being removed): the run is closed as
 * aborted with the reason, and its unread objects are listed as failed until a later sync reads them.
 */
export async function abortRun(
  prisma: PrismaClient,
  sourceId: bigint,
  runId: bigint,
  reason: string,
): Promise<RunStatus | null> {
  const pool = poolOf(prisma);
  const { rowCount } = await pool.query(
    `UPDATE s3_source SET current_run_id = NULL, phase = NULL, runner = NULL, heartbeat_at = NULL
     WHERE source_id = $1 AND current_run_id = $2`,
    [sourceId.toString(), runId.toString()],
  );
  if (rowCount !== 1) return null;
  await pool.query(
    `UPDATE s3_object SET status = 'failed', error_code = 'worker-lost', error = $2, lease_owner = NULL, lease_until = NULL
     WHERE run_id = $1 AND status IN ('queued', 'reading')`,
    [runId.toString(), `Not read: ${reason}`],
  );
  return finishSyncRun(prisma, runId, { aborted: true, reason });
}

export interface ReapOptions {
  /** A driver silent for this long is presumed dead. */
  staleSeconds: number;
  /** Runs for which the job queue still holds work (created, retrying or active jobs). */
  runsWithLiveJobs: (runIds: bigint[]) => Promise<Set<bigint>>;
  now?: Date;
}

export interface Reaped {
  closed: bigint[];
  aborted: bigint[];
}

export const CLI_RUNNER_PREFIX = "cli:";

/**
 * Closes the runs nobody will finish: a CLI sync that stopped showing signs of life, a queue
 * sync whose jobs are all gone, a run whose last reader died between reading and closing it.
 */
export async function reapRuns(prisma: PrismaClient, options: ReapOptions): Promise<Reaped> {
  const now = options.now ?? new Date();
  const reaped: Reaped = { closed: [], aborted: [] };
  const current = await prisma.s3Source.findMany({
    where: { currentRunId: { not: null } },
    select: { sourceId: true, currentRunId: true, runner: true, heartbeatAt: true },
  });
  const stale = current.filter(
    (s) => !s.heartbeatAt || now.getTime() - s.heartbeatAt.getTime() > options.staleSeconds * 1000,
  );
  const queueRuns = stale.filter((s) => !s.runner?.startsWith(CLI_RUNNER_PREFIX)).map((s) => s.currentRunId!);
  const live = queueRuns.length > 0 ? await options.runsWithLiveJobs(queueRuns) : new Set<bigint>();
  for (const s of current) {
    const runId = s.currentRunId!;
    if ((await closeRunIfSettled(prisma, s.sourceId, runId)) !== null) {
      reaped.closed.push(runId);
      continue;
    }
    if (!stale.includes(s)) continue;
    const since = s.heartbeatAt ? ` since ${s.heartbeatAt.toISOString()}` : "";
    let reason: string | null = null;
    if (s.runner?.startsWith(CLI_RUNNER_PREFIX))
      reason = `the command-line sync (${s.runner.slice(CLI_RUNNER_PREFIX.length)}) stopped: no sign of life${since}`;
    else if (!live.has(runId)) reason = `the job queue holds no more work for this sync (its worker stopped${since})`;
    if (reason && (await abortRun(prisma, s.sourceId, runId, reason)) !== null) reaped.aborted.push(runId);
  }
  // A run can also be left behind by a worker that died after releasing it and before closing it.
  const { rows: orphans } = await poolOf(prisma).query<{ id: string; unsettled: boolean }>(
    `SELECT r.id, EXISTS (SELECT 1 FROM s3_object o WHERE o.run_id = r.id AND o.status IN ('queued', 'reading')) AS unsettled
     FROM ingest_run r JOIN source s ON s.id = r.source_id
     WHERE r.status = 'running' AND s.kind = 's3'
       AND NOT EXISTS (SELECT 1 FROM s3_source x WHERE x.current_run_id = r.id)
       AND greatest(r.started_at, (SELECT max(o.read_at) FROM s3_object o WHERE o.run_id = r.id)) < $1`,
    [new Date(now.getTime() - options.staleSeconds * 1000)],
  );
  for (const orphan of orphans) {
    const runId = BigInt(orphan.id);
    await finishSyncRun(
      prisma,
      runId,
      orphan.unsettled ? { aborted: true, reason: "its sync ended without closing it" } : {},
    );
    (orphan.unsettled ? reaped.aborted : reaped.closed).push(runId);
  }
  return reaped;
}

/** Removes a source; a sync in progress is closed first, as aborted. Its runs and events stay. */
export async function removeSource(prisma: PrismaClient, sourceId: bigint): Promise<void> {
  const row = await prisma.s3Source.findUnique({ where: { sourceId }, select: { currentRunId: true } });
  if (row?.currentRunId) await abortRun(prisma, sourceId, row.currentRunId, "the source was removed");
  await deleteSource(prisma, sourceId);
}
