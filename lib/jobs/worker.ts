import "server-only";
import os from "node:os";
import { randomBytes } from "node:crypto";
import type PgBoss from "pg-boss";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log/logger";
import { sweep } from "@/lib/resources/sweeper";
import { rebuildIndexesIfDue } from "@/lib/maintenance/index-rebuild";
import type { RebuildPolicy } from "@/lib/maintenance/rebuild-threshold";
import { startWorkerBoss } from "./boss";
import { runFetch } from "@/lib/completeness/fetch";
import { fetchJobSchema, objectJobSchema, QUEUES, syncJobSchema, type ObjectJob } from "./queues";
import { S3Jobs, type S3JobSettings } from "./s3-jobs";

// A worker: the job queue's handlers (S3 syncs, the resource sweeper) in one process. `npm start` runs one beside the web server;
// `npm run worker` starts more, on this machine or others, against the same database. pg-boss
// hands each job to one worker (FOR UPDATE SKIP LOCKED); the ledger's claim makes sure that even
// a job retried while its first worker still reads it never has two readers of one object.

export interface WorkerOptions {
  /** S3 objects read at once. */
  concurrency: number;
  /** How often an idle lane asks for an object job (pg-boss polls: 0.5 s at the least). */
  pollSeconds: number;
  maintenanceSeconds?: number;
  s3: S3JobSettings;
  /** When a rebuild of the ingest's indexes is due (lib/maintenance/rebuild-threshold.ts); tests use a smaller one. */
  rebuildPolicy?: RebuildPolicy;
}

export interface RunningWorker {
  id: string;
  boss: PgBoss;
  jobs: S3Jobs;
  /** Waits for the jobs in hand (up to 30 s), then stops. */
  stop(): Promise<void>;
}

/** "Sync now" waits for this poll at most: the sync queue is polled as often as pg-boss allows. */
const SYNC_POLL_SECONDS = 0.5;
/** The resource sweeper's cadence (lib/resources/sweeper.ts): summaries follow an ingest within seconds. */
const SWEEP_EVERY_SECONDS = 10;
const SWEEP_KEY = "sweep";

export async function startWorker(
  prisma: PrismaClient,
  databaseUrl: string,
  options: WorkerOptions,
): Promise<RunningWorker> {
  const id = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const log = logger.child({ worker: id });
  const boss = await startWorkerBoss(databaseUrl, { maintenanceSeconds: options.maintenanceSeconds });
  const jobs = new S3Jobs(prisma, boss, options.s3, id, options.rebuildPolicy);

  await boss.work(QUEUES.s3Sync, { pollingIntervalSeconds: SYNC_POLL_SECONDS, batchSize: 1 }, async ([job]) => {
    await jobs.sync(syncJobSchema.parse(job!.data));
  });
  // One lane per object read at once: pg-boss completes or fails a fetched batch as a whole, so
  // lanes of one job each keep a slow object from holding up the others.
  for (let lane = 0; lane < options.concurrency; lane++) {
    let laneId: string | null = null;
    laneId = await boss.work<ObjectJob>(
      QUEUES.s3Object,
      { pollingIntervalSeconds: options.pollSeconds, batchSize: 1, includeMetadata: true },
      async ([job]) => {
        try {
          await jobs.readObject({ ...job!, data: objectJobSchema.parse(job!.data) });
        } finally {
          // A lane that just finished a job asks for the next one at once instead of waiting for its poll.
          if (laneId) boss.notifyWorker(laneId);
        }
      },
    );
  }
  await boss.work(QUEUES.s3ObjectDead, { pollingIntervalSeconds: 5, batchSize: 1 }, async ([job]) => {
    await jobs.deadObject(objectJobSchema.parse(job!.data));
  });
  await boss.work(QUEUES.s3Tick, { pollingIntervalSeconds: 5, batchSize: 1 }, async () => {
    await jobs.tick();
  });
  await boss.schedule(QUEUES.s3Tick, "* * * * *");

  // One sweep at a time across all workers: each sweep queues the next (the queue's stately policy
  // keeps at most one waiting), and the minute schedule restarts the chain if its worker died.
  // "Fetch now" on /completeness: polled as often as "Sync now", so the row moves within a second.
  await boss.work(
    QUEUES.completenessFetch,
    { pollingIntervalSeconds: SYNC_POLL_SECONDS, batchSize: 1 },
    async ([job]) => {
      const { fetchId } = fetchJobSchema.parse(job!.data);
      await runFetch(prisma, fetchId, { secretKey: options.s3.secretKey, ingest: options.s3.ingest });
    },
  );

  await boss.work(QUEUES.resourcesSweep, { pollingIntervalSeconds: 2, batchSize: 1 }, async () => {
    try {
      const { histories } = await sweep(prisma);
      if (histories > 0) log.info({ histories }, "Stored the reconstructed histories of busy resources");
    } catch (error) {
      log.error({ err: error }, "Background work on resources failed (it is retried)");
    } finally {
      await boss.sendAfter(QUEUES.resourcesSweep, {}, { singletonKey: SWEEP_KEY, retryLimit: 0 }, SWEEP_EVERY_SECONDS);
    }
  });
  await boss.schedule(QUEUES.resourcesSweep, "* * * * *", {}, { singletonKey: SWEEP_KEY, retryLimit: 0 });
  // After a large import (queued by lib/jobs/sender.ts): checked again here, so a job queued twice rebuilds once.
  // A failure is thrown: pg-boss retries it, and the rebuild first drops what the failed one left.
  await boss.work(QUEUES.indexRebuild, { pollingIntervalSeconds: 5, batchSize: 1 }, async () => {
    const result = await rebuildIndexesIfDue(prisma, { policy: options.rebuildPolicy });
    if (result.kind === "busy") log.info("Another process is rebuilding the ingest's indexes");
  });
  await boss.send(QUEUES.resourcesSweep, {}, { singletonKey: SWEEP_KEY, retryLimit: 0 });
  // A restarted worker does the tick's work at once: objects its predecessor held are taken up
  // again now rather than at the next minute.
  await jobs.tick().catch((error: unknown) => log.error({ err: error }, "The worker's first tick failed"));
  log.info({ concurrency: options.concurrency }, "Worker started: reads this many S3 objects at a time");

  return {
    id,
    boss,
    jobs,
    async stop() {
      await boss.stop({ graceful: true, timeout: 30_000, wait: true });
    },
  };
}
