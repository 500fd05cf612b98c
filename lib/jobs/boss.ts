import "server-only";
import PgBoss from "pg-boss";
import type pg from "pg";
import { logger } from "@/lib/log/logger";
import { QUEUES } from "./queues";

// pg-boss instances: a worker's (its own small pool; it runs the queue's upkeep — expiring jobs
// of crashed workers, retries, the cron schedule) and a sender's (the web server's, on the app's
// own pool: it only adds jobs). Both create the pgboss schema and the queues when missing.

export interface BossOptions {
  /** How often the queue's upkeep runs (expired jobs, archive): seconds. */
  maintenanceSeconds?: number;
}

const log = logger.child({ component: "job-queue" });

function onError(error: Error): void {
  log.error({ err: error }, "Job queue error");
}

async function ensureQueues(boss: PgBoss): Promise<void> {
  // The dead-letter queue first: the queue that names it refers to it.
  await boss.createQueue(QUEUES.s3ObjectDead, { name: QUEUES.s3ObjectDead });
  await boss.createQueue(QUEUES.s3Object, { name: QUEUES.s3Object, deadLetter: QUEUES.s3ObjectDead });
  // stately: per source (singleton key), at most one sync waiting and one running.
  await boss.createQueue(QUEUES.s3Sync, { name: QUEUES.s3Sync, policy: "stately" });
  await boss.createQueue(QUEUES.s3Tick, { name: QUEUES.s3Tick, policy: "stately" });
  await boss.createQueue(QUEUES.completenessFetch, { name: QUEUES.completenessFetch });
  await boss.createQueue(QUEUES.resourcesSweep, { name: QUEUES.resourcesSweep, policy: "stately" });
  // stately: one rebuild waiting and one running at most (the rebuild's advisory lock makes it one at a time).
  await boss.createQueue(QUEUES.indexRebuild, { name: QUEUES.indexRebuild, policy: "stately" });
}

export async function startWorkerBoss(databaseUrl: string, options: BossOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    application_name: "cachetrail-worker",
    max: 4,
    supervise: true,
    schedule: true,
    maintenanceIntervalSeconds: options.maintenanceSeconds ?? 30,
    // Finished jobs are history nobody reads: archived after an hour, deleted after a week.
    archiveCompletedAfterSeconds: 3_600,
    deleteAfterDays: 7,
  });
  boss.on("error", onError);
  await boss.start();
  await ensureQueues(boss);
  return boss;
}

/** A boss that only sends jobs, through an existing pool (the web server's). */
export async function startSenderBoss(pool: pg.Pool): Promise<PgBoss> {
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => pool.query(text, values) },
    supervise: false,
    schedule: false,
  });
  boss.on("error", onError);
  await boss.start();
  await ensureQueues(boss);
  return boss;
}
