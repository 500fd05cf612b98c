import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import type PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, poolOf } from "@/lib/db/create-client";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { startSenderBoss } from "@/lib/jobs/boss";
import { requestSync } from "@/lib/jobs/sender";
import { startWorker, type RunningWorker } from "@/lib/jobs/worker";
import { createSource } from "@/lib/sources/sources";
import { claimObjects } from "@/lib/sources/ledger";
import { beginSync, listSync, readObject } from "@/lib/sources/sync";
import { loadSyncSource } from "@/lib/sources/sources";
import { BucketReader } from "@/lib/sources/bucket";
import { createS3Client } from "@/lib/sources/s3-client";
import { EVENT_ID_SELECT, eventIdOf } from "@/lib/events/event-id";
import { expectedEventIds, fillTrailBucket, type TrailBucket } from "../fixtures/s3/trail-bucket";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { TEST_CREDENTIALS, TestS3Server } from "../helpers/s3-server";

// The S3 sync on the job queue (pg-boss on the test's PostgreSQL): one job per object spread
// over workers, two workers reading each object once, a worker process killed with SIGKILL in
// the middle of a sync and a new one finishing it, and the runs nobody can finish closed.

let t: TestDatabase;
let s3: TestS3Server;
let bucket: TrailBucket;
/** Other events under another prefix, for the crash: none of them stored by the other tests. */
let crashBucket: TrailBucket;
let sender: PgBoss;

const LEASE_SECONDS = 2;
const settings = {
  leaseSeconds: LEASE_SECONDS,
  retries: 1,
  retryDelaySeconds: 1,
  secretKey: undefined,
  ingest: {},
};

async function addSource(name: string, on: TrailBucket = bucket): Promise<bigint> {
  return createSource(
    t.prisma,
    {
      name,
      bucket: s3.bucket,
      prefix: on.prefix,
      region: "us-east-1",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      accounts: [],
      awsRegions: [],
      startDate: on.startDay,
      intervalMinutes: 5,
      paused: true,
      credentials: { mode: "default" },
      roleArn: null,
    },
    undefined,
  );
}

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function finishedRun(sourceId: bigint) {
  return until(`the sync of source ${sourceId} to finish`, async () => {
    const source = await t.prisma.s3Source.findUniqueOrThrow({ where: { sourceId } });
    if (source.currentRunId !== null) return null;
    return t.prisma.ingestRun.findFirst({ where: { sourceId, finishedAt: { not: null } }, orderBy: { id: "desc" } });
  });
}

async function storedEventIds(runIds: bigint[]): Promise<string[]> {
  const rows = await t.prisma.event.findMany({
    where: { ingestRunId: { in: runIds } },
    select: EVENT_ID_SELECT,
  });
  return rows.map(eventIdOf).sort();
}

const readOptions = { leaseSeconds: 60, lastAttempt: true };

function workerOptions(concurrency: number) {
  return { concurrency, pollSeconds: 0.5, maintenanceSeconds: 1, s3: settings };
}

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  [t, s3] = await Promise.all([createTestDatabase(), TestS3Server.start()]);
  bucket = await fillTrailBucket(s3, { busyObjects: 120, corrupt: false });
  crashBucket = await fillTrailBucket(s3, { prefix: "crash/", busyObjects: 240, corrupt: false, seed: 100 });
  sender = await startSenderBoss(poolOf(t.prisma));
}, 180_000);

afterAll(async () => {
  await sender?.stop({ graceful: false, close: false });
  await Promise.all([t?.drop(), s3?.stop()]);
});

describe("two workers syncing one source", () => {
  const workers: RunningWorker[] = [];
  const clients: PrismaClient[] = [];
  const reads = [0, 0];
  let sourceId: bigint;

  beforeAll(async () => {
    sourceId = await addSource("two workers");
    for (const i of [0, 1]) {
      const prisma = createPrismaClient(t.url, 6);
      clients.push(prisma);
      const worker = await startWorker(prisma, t.url, workerOptions(2));
      const read = worker.jobs.readObject.bind(worker.jobs);
      worker.jobs.readObject = async (job) => {
        reads[i]!++;
        return read(job);
      };
      workers.push(worker);
    }
    await requestSync(sender, sourceId, "manual");
  }, 60_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(clients.map((c) => c.$disconnect()));
  });

  it("spread the objects over both, and read each object once", async () => {
    const run = await finishedRun(sourceId);
    expect(run.status).toBe("succeeded");
    expect(reads[0]! > 0 && reads[1]! > 0).toBe(true);
    // Digest files are read in batches once the log files are (lib/sources/digests.ts), not as object jobs.
    const digests = bucket.logKeys.filter((k) => k.includes("/CloudTrail-Digest/"));
    expect(digests.length).toBeGreaterThan(0);
    expect(reads[0]! + reads[1]!).toBe(bucket.logKeys.length - digests.length);
    const files = await t.prisma.ingestFile.groupBy({ by: ["name"], where: { runId: run.id }, _count: true });
    expect(files.length).toBe(bucket.logKeys.length);
    expect(files.every((f) => f._count === 1)).toBe(true);
    const ledger = await t.prisma.s3Object.groupBy({ by: ["status", "attempts"], where: { sourceId }, _count: true });
    expect(ledger.map((l) => [l.status, l.attempts, l._count])).toEqual([["done", 1, bucket.logKeys.length]]);
    expect(await storedEventIds([run.id])).toEqual(expectedEventIds(bucket, bucket.logKeys));
  });

  it("match every log file the digests name, the digests read beside the run's last log files", async () => {
    const run = await finishedRun(sourceId);
    const pool = poolOf(t.prisma);
    // Some digests were stored while their last log files were still being read, some log files read
    // after: every log file named is matched, once, and every digest counts its files right.
    const { rows: digests } = await pool.query<{ count: number; files: number; read: number; missing: number }>(
      `SELECT count(*)::int AS count, sum(d.log_file_count)::int AS files, sum(d.files_read)::int AS read,
         sum(d.files_missing)::int AS missing
       FROM digest d JOIN ingest_file f ON f.id = d.file_id WHERE f.run_id = $1`,
      [run.id.toString()],
    );
    expect(digests[0]!.count).toBe(bucket.logKeys.filter((k) => k.includes("/CloudTrail-Digest/")).length);
    expect(digests[0]).toMatchObject({ read: digests[0]!.files, missing: 0 });
    const { rows: matches } = await pool.query<{ matched: number; named: number }>(
      `SELECT count(*) FILTER (WHERE l.file_id IS NOT NULL AND l.content_matches)::int AS matched, count(*)::int AS named
       FROM digest_log_file l JOIN digest d ON d.id = l.digest_id JOIN ingest_file f ON f.id = d.file_id
       WHERE f.run_id = $1`,
      [run.id.toString()],
    );
    expect(matches[0]!.named).toBe(digests[0]!.files);
    expect(matches[0]!.matched).toBe(matches[0]!.named);
  });

  it("summarise the resources the new events touched (the resource sweeper runs as a job)", async () => {
    const summarised = await until("every resource summarised", async () => {
      const rows = await t.prisma.resource.findMany({ select: { eventCount: true, summarisedEvents: true } });
      return rows.length > 0 && rows.every((r) => r.summarisedEvents === r.eventCount) && rows.length;
    });
    expect(summarised).toBe(await t.prisma.resource.count());
  });

  it("queue a periodic sync only when the source is due", async () => {
    await t.prisma.s3Source.update({ where: { sourceId }, data: { paused: false } });
    const before = await t.prisma.ingestRun.count({ where: { sourceId } });
    const next = (await t.prisma.s3Source.findUniqueOrThrow({ where: { sourceId } })).nextSyncAt!;
    await workers[0]!.jobs.tick(new Date(next.getTime() - 1_000));
    await sleep(1_500);
    expect(await t.prisma.ingestRun.count({ where: { sourceId } })).toBe(before);

    await workers[0]!.jobs.tick(new Date(next.getTime() + 1_000));
    const run = await until("the periodic sync", async () => {
      const runs = await t.prisma.ingestRun.findMany({ where: { sourceId }, orderBy: { id: "desc" } });
      return runs.length > before && runs[0]!.finishedAt ? runs[0] : null;
    });
    expect(run.status).toBe("succeeded");
    expect(run.fileCount).toBe(0); // everything is in the ledger already
    await t.prisma.s3Source.update({ where: { sourceId }, data: { paused: true } });
  });
});

describe("a worker killed in the middle of a sync", () => {
  let sourceId: bigint;
  const children: ChildProcess[] = [];

  function spawnWorker(): ChildProcess {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        CACHETRAIL_WORKER_CONCURRENCY: "2",
        CACHETRAIL_JOB_POLL_SECONDS: "0.5",
        CACHETRAIL_S3_LEASE_SECONDS: String(LEASE_SECONDS),
        CACHETRAIL_S3_RETRY_DELAY_SECONDS: "1",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(child);
    return child;
  }

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  });

  it("resumes in the same run after a restart: every object done once, every event stored once", async () => {
    sourceId = await addSource("killed worker", crashBucket);
    const first = spawnWorker();
    await requestSync(sender, sourceId, "manual");
    const total = crashBucket.logKeys.length;
    await until("a third of the objects read", async () => {
      const done = await t.prisma.s3Object.count({ where: { sourceId, status: "done" } });
      return done >= total / 3 && done;
    });
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));

    const source = await t.prisma.s3Source.findUniqueOrThrow({ where: { sourceId } });
    const runId = source.currentRunId!;
    expect(runId === null).toBe(false);
    const interrupted = await t.prisma.s3Object.count({ where: { sourceId, status: { not: "done" } } });
    expect(interrupted > 0).toBe(true);
    expect((await t.prisma.ingestRun.findUniqueOrThrow({ where: { id: runId } })).status).toBe("running");

    // Restarted once the dead worker's leases have run out, as a restart after a crash would be.
    await sleep(LEASE_SECONDS * 2 * 1000 + 500);
    spawnWorker();
    const run = await finishedRun(sourceId);
    expect(run.id).toBe(runId);
    expect(run.status).toBe("succeeded");
    expect(await t.prisma.ingestRun.count({ where: { sourceId } })).toBe(1);

    const ledger = await t.prisma.s3Object.groupBy({ by: ["status"], where: { sourceId }, _count: true });
    expect(ledger.map((l) => [l.status, l._count])).toEqual([["done", total]]);
    // Each object was read to the end exactly once (a digest file, which holds no events, as
    // "digest"); a read the kill cut short is left as it stopped.
    const complete = await t.prisma.ingestFile.groupBy({
      by: ["name"],
      where: { runId, outcome: { in: ["ok", "digest"] } },
      _count: true,
    });
    expect(complete.length).toBe(total);
    expect(complete.every((f) => f._count === 1)).toBe(true);
    expect(await storedEventIds([runId])).toEqual(expectedEventIds(crashBucket, crashBucket.logKeys));
  }, 240_000);
});

describe("runs nobody will finish", () => {
  let worker: RunningWorker;
  let prisma: PrismaClient;

  beforeAll(async () => {
    prisma = createPrismaClient(t.url, 4);
    worker = await startWorker(prisma, t.url, workerOptions(1));
  }, 60_000);

  afterAll(async () => {
    await worker.stop();
    await prisma.$disconnect();
  });

  /**
   * A sync begun by `owner` and listed, whose object jobs never reached the queue, and whose
   * owner last showed a sign of life ten minutes ago.
   */
  async function silentSync(name: string, owner: string): Promise<{ sourceId: bigint; runId: bigint }> {
    const sourceId = await addSource(name);
    const source = await loadSyncSource(t.prisma, sourceId, undefined);
    const begin = await beginSync(t.prisma, source, owner);
    if (begin.kind !== "started") throw new Error("the sync did not start");
    const reader = new BucketReader(createS3Client(source.connection), source.connection);
    await listSync(t.prisma, reader, source, begin.runId, { recordState: false, onQueued: async () => {} });
    await t.prisma.s3Source.update({ where: { sourceId }, data: { heartbeatAt: new Date(Date.now() - 10 * 60_000) } });
    return { sourceId, runId: begin.runId };
  }

  it("closes a command-line sync that stopped showing signs of life as aborted, with the reason", async () => {
    const { sourceId, runId } = await silentSync("dead cli", "cli:laptop:4242");

    await worker.jobs.tick();
    const run = await t.prisma.ingestRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("aborted");
    expect(run.error).toMatch(/^the command-line sync \(laptop:4242\) stopped: no sign of life since /);
    const objects = await t.prisma.s3Object.groupBy({ by: ["status", "errorCode"], where: { sourceId }, _count: true });
    expect(objects.map((o) => [o.status, o.errorCode, o._count])).toEqual([
      ["failed", "worker-lost", bucket.logKeys.length],
    ]);
    expect((await t.prisma.s3Source.findUniqueOrThrow({ where: { sourceId } })).currentRunId).toBeNull();
  });

  /** A queue sync begun and listed, none of its objects read: the keys listed, log files and digests apart. */
  async function listedSync(name: string) {
    const sourceId = await addSource(name);
    const source = await loadSyncSource(t.prisma, sourceId, undefined);
    const begin = await beginSync(t.prisma, source, "queue");
    if (begin.kind !== "started") throw new Error("the sync did not start");
    const reader = new BucketReader(createS3Client(source.connection), source.connection);
    const logs: string[] = [];
    const digests: string[] = [];
    await listSync(t.prisma, reader, source, begin.runId, {
      recordState: false,
      onQueued: async (keys) => void logs.push(...keys),
      onDigests: async (keys) => void digests.push(...keys),
    });
    return { sourceId, runId: begin.runId, reader, logs, digests };
  }

  it("reads the digests a worker died holding, once its log files are read, and closes the run with every object", async () => {
    const { sourceId, runId, reader, logs, digests } = await listedSync("died reading digests");
    expect(digests.length).toBeGreaterThan(0);
    // A worker took the digests and died: its claims' leases run out and nobody records them.
    expect(await claimObjects(t.prisma, sourceId, runId, digests, "dead-worker", 1)).toHaveLength(digests.length);
    for (const key of logs) {
      const read = await readObject(t.prisma, reader, { sourceId, runId, key }, { ...readOptions, owner: "reader" });
      expect(read.kind).toBe("done");
    }
    await sleep(1_500);

    await worker.jobs.tick();
    const run = await finishedRun(sourceId);
    expect(run.id).toBe(runId);
    expect(run.status).toBe("succeeded");
    expect(run.fileCount).toBe(logs.length + digests.length);
    const ledger = await t.prisma.s3Object.groupBy({ by: ["status"], where: { sourceId }, _count: true });
    expect(ledger.map((l) => [l.status, l._count])).toEqual([["done", logs.length + digests.length]]);
    const files = await t.prisma.ingestFile.groupBy({
      by: ["name"],
      where: { runId, outcome: "digest" },
      _count: true,
    });
    expect(files.map((f) => [f.name, f._count]).sort()).toEqual(
      digests.map((key) => [`s3://${s3.bucket}/${key}`, 1]).sort(),
    );
  });

  it("leaves the file of a read the ledger no longer takes pending: no file is read whole twice", async () => {
    const { sourceId, runId, reader, logs } = await listedSync("lease lost while reading");
    const ref = { sourceId, runId, key: logs[0]! };
    const name = `s3://${s3.bucket}/${ref.key}`;
    // The object passes to another reader while the first reads it (as when a worker is killed after
    // its engine finished the file, before the ledger heard of it): the first reader's result is not recorded.
    const losing = Object.create(reader) as BucketReader;
    losing.getObject = async (key, signal) => {
      await poolOf(t.prisma).query("UPDATE s3_object SET lease_owner = 'other' WHERE source_id = $1 AND key = $2", [
        sourceId.toString(),
        key,
      ]);
      return reader.getObject(key, signal);
    };
    await readObject(t.prisma, losing, ref, { ...readOptions, owner: "first" });
    const outcomes = async () =>
      (await t.prisma.ingestFile.findMany({ where: { runId, name }, select: { outcome: true } }))
        .map((f) => f.outcome)
        .sort();
    expect(await outcomes()).toEqual(["pending"]);

    await t.prisma.s3Object.updateMany({
      where: { sourceId, key: ref.key },
      data: { status: "queued", leaseOwner: null, leaseUntil: null },
    });
    expect((await readObject(t.prisma, reader, ref, { ...readOptions, owner: "second" })).kind).toBe("done");
    expect(await outcomes()).toEqual(["ok", "pending"]);
  });

  it("closes a queue sync whose jobs are gone as aborted", async () => {
    const { runId } = await silentSync("lost jobs", "queue");

    await worker.jobs.tick();
    const run = await t.prisma.ingestRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("aborted");
    expect(run.error).toMatch(/^the job queue holds no more work for this sync/);
  });
});
