import "server-only";
import type PgBoss from "pg-boss";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { BucketReader } from "@/lib/sources/bucket";
import { SourceError } from "@/lib/sources/errors";
import { readDigestPage } from "@/lib/sources/digests";
import { abandonObject, runDigestKeys } from "@/lib/sources/ledger";
import { createS3Client } from "@/lib/sources/s3-client";
import { SealedCredentialsError } from "@/lib/sources/secret-box";
import { dueSourceIds, loadSyncSource, recordSourceError, type SyncSource } from "@/lib/sources/sources";
import {
  beginSync,
  closeRunIfSettled,
  failListing,
  listSync,
  readObject,
  reapRuns,
  settleRun,
  type ReadOptions,
} from "@/lib/sources/sync";
import { fetchPublicKeysAfterSync } from "@/lib/completeness/aws-keys";
import { logger } from "@/lib/log/logger";
import type { RebuildPolicy } from "@/lib/maintenance/rebuild-threshold";
import { objectJobId, QUEUES, SCHEDULE_TRIGGER_LABEL, type ObjectJob, type SyncJob } from "./queues";
import { requestIndexRebuildIfDue, requestSync } from "./sender";

// The S3 sync on the job queue. A sync job lists one source (lib/sources/sync.ts listSync) and
// queues one job per object to read, as each page is listed, so every worker on the database
// starts reading at once. An object job claims its object in the ledger and reads it; a failure
// is thrown, and pg-boss retries it with backoff; the last attempt records the object as failed.
// A run's digests get no job: whoever finishes a log file once none is left to start reads them in
// batches (settle), and whoever finishes its last object closes the run. The tick queues due
// sources, reads the digests a dead worker left, and closes the runs no worker will finish.

export const QUEUE_RUNNER = "queue";

export interface S3JobSettings {
  leaseSeconds: number;
  retries: number;
  retryDelaySeconds: number;
  secretKey: string | undefined;
  ingest: ReadOptions["ingest"];
  /** CloudTrail's endpoint for ListPublicKeys (CACHETRAIL_CLOUDTRAIL_ENDPOINT); AWS's own when unset. */
  cloudTrailEndpoint?: string | null;
}

/** How long an object job may run before pg-boss takes it for dead; the lease expires far sooner. */
const OBJECT_EXPIRE_SECONDS = 15 * 60;

export class S3Jobs {
  private readonly readers = new Map<bigint, { stamp: string; reader: BucketReader }>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly boss: PgBoss,
    private readonly settings: S3JobSettings,
    private readonly workerId: string,
    private readonly rebuildPolicy?: RebuildPolicy,
  ) {}

  /** One S3 client per source and settings, shared by the jobs of this worker. */
  private reader(source: SyncSource): BucketReader {
    const stamp = JSON.stringify(source.connection);
    const cached = this.readers.get(source.id);
    if (cached?.stamp === stamp) return cached.reader;
    const reader = new BucketReader(createS3Client(source.connection), source.connection);
    this.readers.set(source.id, { stamp, reader });
    return reader;
  }

  private async load(sourceId: bigint): Promise<SyncSource | null> {
    try {
      return await loadSyncSource(this.prisma, sourceId, this.settings.secretKey);
    } catch (error) {
      if (error instanceof SealedCredentialsError) {
        await recordSourceError(this.prisma, sourceId, error.message);
        return null;
      }
      if (error instanceof SourceError && error.kind === "not-found") return null; // removed meanwhile
      throw error;
    }
  }

  objectJobs(runId: bigint, sourceId: bigint, keys: readonly string[]): PgBoss.JobInsert<ObjectJob>[] {
    return keys.map((key) => ({
      id: objectJobId(runId, key),
      name: QUEUES.s3Object,
      data: { sourceId: sourceId.toString(), runId: runId.toString(), key },
      retryLimit: this.settings.retries,
      retryDelay: this.settings.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: OBJECT_EXPIRE_SECONDS,
      deadLetter: QUEUES.s3ObjectDead,
    }));
  }

  async sync(job: SyncJob): Promise<void> {
    const source = await this.load(BigInt(job.sourceId));
    if (!source || (job.trigger === "schedule" && source.paused)) return;
    const triggeredBy = job.trigger === "schedule" ? SCHEDULE_TRIGGER_LABEL : (job.requestedBy ?? null);
    let begin = await beginSync(this.prisma, source, QUEUE_RUNNER, { triggeredBy });
    if (begin.kind === "busy") {
      // A sync job retried after its worker died mid-listing takes its own run over; any other
      // running sync already covers what this job asked for.
      const row = await this.prisma.s3Source.findUnique({
        where: { sourceId: source.id },
        select: { phase: true, runner: true, heartbeatAt: true },
      });
      const silentFor = row?.heartbeatAt ? Date.now() - row.heartbeatAt.getTime() : Infinity;
      if (row?.runner !== QUEUE_RUNNER || row.phase !== "listing" || silentFor < this.settings.leaseSeconds * 1000)
        return;
      begin = { kind: "started", runId: begin.runId };
    }
    const runId = begin.runId;
    const reader = this.reader(source);
    try {
      await listSync(this.prisma, reader, source, runId, {
        recordState: true,
        onQueued: async (keys) => {
          await this.boss.insert(this.objectJobs(runId, source.id, keys));
        },
        // The digests stay queued in the ledger, no job each: they are read in batches once the run's
        // log files are (settle, below).
        onDigests: async () => {},
      });
    } catch (error) {
      await failListing(this.prisma, source.id, runId, reader.failure(error, "list"));
    }
    await this.settle(source, runId, `sync:${runId}`);
  }

  /**
   * Closes the run if it is settled; if only its digests are left to start (its listing over, every
   * log file read or being read), reads them first (lib/sources/digests.ts), then closes it. Stored
   * after (or beside the last few of) the log files they name, each digest matches them in one
   * statement; stored before, each log file read after it would be matched on its own; stored only
   * once the last log file is read, they would add their GETs and statements to the sync's time
   * (issue 16). Whoever finishes a log file once none is left to start does this — the sync job if
   * that was before its listing ended, the tick after a worker died in it (the claims' leases run
   * out): the ledger's claims make every digest read once, whoever tries, and whoever finishes the
   * run's last object closes it. What is not a clean digest goes to the object queue, which retries
   * it and reports it.
   */
  private async settle(source: SyncSource, runId: bigint, job: string): Promise<void> {
    let settled = await settleRun(this.prisma, source.id, runId);
    if (settled.digestsLeft) {
      const keys = await runDigestKeys(this.prisma, source.id, runId);
      if (keys.length > 0) {
        const page = await readDigestPage(this.prisma, this.reader(source), { sourceId: source.id, runId }, keys, {
          owner: `${this.workerId}:${job}:digests`,
          leaseSeconds: this.settings.leaseSeconds,
        });
        if (page.handedBack.length > 0) await this.boss.insert(this.objectJobs(runId, source.id, page.handedBack));
        settled = await settleRun(this.prisma, source.id, runId);
      }
    }
    if (settled.status !== null) await this.afterSync(source);
  }

  /**
   * Once a sync's run is closed: CloudTrail's public keys for the digests it read, and a rebuild of the
   * ingest's indexes when the run made one due (lib/maintenance/index-rebuild.ts). Neither fails the sync.
   */
  private async afterSync(source: SyncSource): Promise<void> {
    await fetchPublicKeysAfterSync(this.prisma, source, { endpoint: this.settings.cloudTrailEndpoint });
    await requestIndexRebuildIfDue(this.prisma, this.boss, this.rebuildPolicy);
  }

  async readObject(job: PgBoss.JobWithMetadata<ObjectJob>): Promise<void> {
    const ref = { sourceId: BigInt(job.data.sourceId), runId: BigInt(job.data.runId), key: job.data.key };
    const source = await this.load(ref.sourceId);
    if (!source) return;
    const result = await readObject(this.prisma, this.reader(source), ref, {
      owner: `${this.workerId}:${job.id}:${job.retryCount}`,
      leaseSeconds: this.settings.leaseSeconds,
      lastAttempt: job.retryCount >= job.retryLimit,
      ingest: this.settings.ingest,
    });
    // Thrown: pg-boss tries the job again later, with backoff.
    if (result.kind === "busy") throw new Error(`${ref.key} is being read by another worker`);
    if (result.kind === "released") throw new Error(`${ref.key} was given back unread: the worker is stopping`);
    if (result.kind === "failed" && !result.final) throw new Error(result.failure.message);
    await this.settle(source, ref.runId, job.id);
  }

  /** An object job that never got an answer from its worker, attempt after attempt. */
  async deadObject(job: ObjectJob): Promise<void> {
    const ref = { sourceId: BigInt(job.sourceId), runId: BigInt(job.runId), key: job.key };
    await abandonObject(
      this.prisma,
      ref,
      "Every attempt to read this object ended without an answer from its worker (stopped, crashed or timed out).",
    );
    const source = await this.load(ref.sourceId);
    if (source) await this.settle(source, ref.runId, `dead:${objectJobId(ref.runId, ref.key)}`);
    else await closeRunIfSettled(this.prisma, ref.sourceId, ref.runId);
  }

  /** Runs with work still in the queue: object jobs of the run, or a sync job of its source. */
  private async runsWithLiveJobs(runIds: bigint[]): Promise<Set<bigint>> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT DISTINCT (data->>'runId') AS run_id FROM pgboss.job
       WHERE name = $1 AND state < 'completed' AND data->>'runId' = ANY($3::text[])
       UNION
       SELECT s.current_run_id::text FROM pgboss.job j JOIN s3_source s ON s.source_id::text = j.data->>'sourceId'
       WHERE j.name = $2 AND j.state = 'active' AND s.current_run_id::text = ANY($3::text[])`,
      [QUEUES.s3Object, QUEUES.s3Sync, runIds.map(String)],
    );
    return new Set(rows.map((r: { run_id: string }) => BigInt(r.run_id)));
  }

  /**
   * Jobs whose worker died: object jobs taken from the queue whose object was never claimed or
   * whose lease ran out, and sync jobs whose listing went silent. pg-boss would only notice when
   * they expire (minutes); failing them now has them retried, and the retry takes the work over.
   */
  async retryStalledJobs(): Promise<number> {
    const db = this.boss.getDb();
    const grace = this.settings.leaseSeconds;
    const objects = await db.executeSql(
      `SELECT j.id FROM pgboss.job j
       JOIN s3_object o ON o.source_id::text = j.data->>'sourceId' AND o.key = j.data->>'key' AND o.run_id::text = j.data->>'runId'
       WHERE j.name = $1 AND j.state = 'active' AND j.started_on < now() - make_interval(secs => $2)
         AND (o.status = 'queued' OR (o.status = 'reading' AND o.lease_until < now() - make_interval(secs => $2)))`,
      [QUEUES.s3Object, grace],
    );
    const syncs = await db.executeSql(
      `SELECT j.id FROM pgboss.job j JOIN s3_source s ON s.source_id::text = j.data->>'sourceId'
       WHERE j.name = $1 AND j.state = 'active' AND s.phase = 'listing' AND s.runner = $2
         AND s.heartbeat_at < now() - make_interval(secs => $3)`,
      [QUEUES.s3Sync, QUEUE_RUNNER, grace],
    );
    const reason = { message: "its worker stopped showing signs of life" };
    for (const { id } of objects.rows as { id: string }[]) await this.boss.fail(QUEUES.s3Object, id, reason);
    for (const { id } of syncs.rows as { id: string }[]) await this.boss.fail(QUEUES.s3Sync, id, reason);
    return objects.rows.length + syncs.rows.length;
  }

  async tick(now = new Date()): Promise<void> {
    for (const sourceId of await dueSourceIds(this.prisma, now)) await requestSync(this.boss, sourceId, "schedule");
    await this.retryStalledJobs();
    // Digests left by a worker that died reading them (or before it could start): read here.
    const reading = await this.prisma.s3Source.findMany({
      where: { runner: QUEUE_RUNNER, phase: "reading", currentRunId: { not: null } },
      select: { sourceId: true, currentRunId: true },
    });
    for (const { sourceId, currentRunId } of reading) {
      try {
        const source = await this.load(sourceId);
        if (source) await this.settle(source, currentRunId!, "tick");
      } catch (error) {
        // The next tick tries again; the runs below are closed all the same.
        logger.error({ err: error, sourceId: sourceId.toString() }, "Could not settle a sync's run");
      }
    }
    await reapRuns(this.prisma, {
      // Several leases: a live driver renews its heartbeat far more often.
      staleSeconds: Math.max(this.settings.leaseSeconds * 3, 60),
      runsWithLiveJobs: (runIds) => this.runsWithLiveJobs(runIds),
      now,
    });
    // Imports no server saw end (the CLI with --skip-index-rebuild, a server stopped before it queued one).
    await requestIndexRebuildIfDue(this.prisma, this.boss, this.rebuildPolicy);
  }
}
