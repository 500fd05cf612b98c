import "server-only";
import type PgBoss from "pg-boss";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
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
