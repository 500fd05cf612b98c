import "server-only";
import type PgBoss from "pg-boss";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import { indexRebuildDue } from "@/lib/maintenance/index-rebuild";
import type { RebuildPolicy } from "@/lib/maintenance/rebuild-threshold";
import { logger } from "@/lib/log/logger";
import { SourceError } from "@/lib/sources/errors";
import type { SyncRequested } from "@/lib/sources/schemas";
import { startSenderBoss } from "./boss";
import { QUEUES, type SyncJob } from "./queues";

// The web server's door to the job queue: one sender per database client, so a test that points
// the app's client at its own database (setClientForTests) sends its jobs there too.

const globalForJobs = globalThis as { jobSenders?: WeakMap<PrismaClient, Promise<PgBoss>> };

export function jobQueue(prisma: PrismaClient): Promise<PgBoss> {
  globalForJobs.jobSenders ??= new WeakMap();
  let boss = globalForJobs.jobSenders.get(prisma);
  if (!boss) {
    boss = startSenderBoss(poolOf(prisma));
    // A failed start is not kept: the next request tries again.
    boss.catch(() => globalForJobs.jobSenders?.delete(prisma));
    globalForJobs.jobSenders.set(prisma, boss);
  }
  return boss;
}

/** Queues a sync of the source now; null when one is already waiting for a worker. */
export async function requestSync(
  boss: PgBoss,
  sourceId: bigint,
  trigger: SyncJob["trigger"],
  requestedBy?: string,
): Promise<string | null> {
  const job: SyncJob = { sourceId: sourceId.toString(), trigger, ...(requestedBy ? { requestedBy } : {}) };
  return boss.send(QUEUES.s3Sync, job, {
    singletonKey: sourceId.toString(),
    // A listing of 90 days of a large organization takes a few minutes; a crashed one is retried after this.
    expireInSeconds: 30 * 60,
    retryLimit: 2,
    retryDelay: 30,
  });
}

/**
 * "Sync now": refused while the source syncs; otherwise queued for the next free worker, which records
 * `requestedBy` (the principal's label) as who started the run.
 */
export async function requestSourceSync(
  prisma: PrismaClient,
  boss: PgBoss,
  sourceId: bigint,
  requestedBy: string,
): Promise<SyncRequested> {
  const source = await prisma.s3Source.findUnique({ where: { sourceId }, select: { currentRunId: true } });
  if (!source) throw new SourceError("not-found", `There is no S3 source ${sourceId}.`);
  if (source.currentRunId !== null)
    throw new SourceError("busy", `The source is syncing already (run ${source.currentRunId}).`);
  const jobId = await requestSync(boss, sourceId, "manual", requestedBy);
  return jobId
    ? { queued: true, jobId, message: "Sync queued: the next free worker starts it." }
    : { queued: false, jobId: null, message: "A sync of this source is already waiting for a worker." };
}

/**
 * Queues a rebuild of the ingest's indexes when the events stored since the last one reach the threshold
 * (lib/maintenance/rebuild-threshold.ts): after a web upload's or an S3 sync's run, and on the worker's
 * minute tick. The job id when queued; null when not due or one is already waiting. Never throws: a run
 * that ended must not fail for this, and the tick asks again.
 */
export async function requestIndexRebuildIfDue(
  prisma: PrismaClient,
  boss: PgBoss | (() => Promise<PgBoss>),
  policy?: RebuildPolicy,
): Promise<string | null> {
  try {
    const due = await indexRebuildDue(prisma, policy);
    if (!due.due) return null;
    // The web server starts its sender only when there is something to send.
    const queue = typeof boss === "function" ? await boss() : boss;
    const jobId = await queue.send(
      QUEUES.indexRebuild,
      {},
      {
        // A rebuild at 1 M events takes about a minute on two cores; a worker that died in one is retried after this.
        expireInSeconds: 4 * 60 * 60,
        retryLimit: 3,
        retryDelay: 60,
        retryBackoff: true,
      },
    );
    if (jobId) logger.info({ jobId, storedSince: due.storedSince }, "Queued a rebuild of the ingest's indexes");
    return jobId;
  } catch (error) {
    logger.warn({ err: error }, "Could not queue a rebuild of the ingest's indexes (the worker's tick asks again)");
    return null;
  }
}
