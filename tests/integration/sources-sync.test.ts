import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BucketReader } from "@/lib/sources/bucket";
import { dayFolder, parseTrailKey } from "@/lib/sources/layout";
import { createS3Client } from "@/lib/sources/s3-client";
import { createSource, loadSyncSource } from "@/lib/sources/sources";
import { abortRun, beginSync } from "@/lib/sources/sync";
import { syncHere, type SyncHereOptions } from "@/lib/sources/sync-here";
import { EVENT_ID_SELECT, eventIdOf, eventIdsWhere } from "@/lib/events/event-id";
import { expectedEventIds, fillTrailBucket, recordsFile, type TrailBucket } from "../fixtures/s3/trail-bucket";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { TEST_CREDENTIALS, TestS3Server } from "../helpers/s3-server";

// Syncing a trail bucket on a real S3 server (s3rver on loopback) through the ledger and the
// ingest engine, driven in this process as `npm run sync` drives it: what is listed and fetched
// (from the server's own request log), what ends up stored, and what a second sync does.

let t: TestDatabase;
let s3: TestS3Server;
let bucket: TrailBucket;
let sourceId: bigint;

const quick: SyncHereOptions = { retries: 1, retryDelaySeconds: 0.05, concurrency: 4 };

async function sync(options: SyncHereOptions = quick) {
  const source = await loadSyncSource(t.prisma, sourceId, undefined);
  const reader = new BucketReader(createS3Client(source.connection), source.connection);
  return syncHere(t.prisma, reader, source, options);
}

async function storedEventIds(): Promise<string[]> {
  const rows = await t.prisma.event.findMany({ select: EVENT_ID_SELECT });
  return rows.map(eventIdOf).sort();
}

/** The most recent day folder of account 111122223333 in eu-west-1. */
function recentFolder(): string {
  return dayFolder(bucket.prefix, { orgId: null, account: "111122223333", region: "eu-west-1" }, bucket.recentDay);
}

async function ledger(key: string) {
  return t.prisma.s3Object.findUniqueOrThrow({ where: { sourceId_key: { sourceId, key } } });
}

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  [t, s3] = await Promise.all([createTestDatabase(), TestS3Server.start()]);
  bucket = await fillTrailBucket(s3);
  sourceId = await createSource(
    t.prisma,
    {
      name: "org trail",
      bucket: s3.bucket,
      prefix: bucket.prefix,
      region: "us-east-1",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      accounts: [],
      awsRegions: [],
      startDate: bucket.startDay,
      intervalMinutes: 5,
      paused: false,
      credentials: { mode: "default" },
      roleArn: null,
    },
    undefined,
  );
}, 180_000);

afterAll(async () => {
  await Promise.all([t?.drop(), s3?.stop()]);
});

describe("a first sync", () => {
  let result: Awaited<ReturnType<typeof sync>>;
  beforeAll(async () => {
    result = await sync();
  }, 120_000);

  it("reads every log object from the start date on, and stores each ElastiCache event once", async () => {
    expect(result.listingError).toBeNull();
    expect(result.status).toBe("partial"); // the corrupt object
    expect(result.files.map((f) => f.name)).toEqual(bucket.logKeys.map((k) => `s3://${s3.bucket}/${k}`));
    expect(await storedEventIds()).toEqual(expectedEventIds(bucket, bucket.logKeys));
    const statuses = await t.prisma.s3Object.groupBy({ by: ["status"], where: { sourceId }, _count: true });
    expect(statuses.map((s) => [s.status, s._count])).toEqual(
      expect.arrayContaining([
        ["done", bucket.logKeys.length - 1],
        ["failed", 1],
      ]),
    );
    expect(statuses.length).toBe(2);
  });

  it("fetches each log object once (the corrupt one once per attempt) and nothing else", async () => {
    const fetched = (await s3.gets()).map((r) => r.key);
    const expected = [...bucket.logKeys, bucket.corruptKey].sort();
    expect(fetched.sort()).toEqual(expected);
    for (const key of [...bucket.oldKeys, ...bucket.digestKeys, ...bucket.insightKeys])
      expect(fetched.includes(key)).toBe(false);
  });

  it("never lists a day folder before the start date, nor Insights folders", async () => {
    const dayListings = await s3.lists((p) => /\/\d{4}\/\d{2}\/\d{2}\/$/.test(p));
    const listedDays = [...new Set(dayListings.map((r) => parseTrailKey(`${r.prefix}x`, bucket.prefix)?.day))].sort();
    expect(listedDays[0]).toBe(bucket.startDay);
    expect(listedDays.every((day) => day !== undefined && day >= bucket.startDay)).toBe(true);
    expect((await s3.lists((p) => p.includes(bucket.oldDay.replaceAll("-", "/")))).length).toBe(0);
    expect((await s3.lists((p) => p.includes("CloudTrail-Insight/"))).length).toBe(0);
    // Digest folders are listed for the same days as the logs (lib/completeness).
    const digestDays = await s3.lists((p) => p.includes("CloudTrail-Digest/") && /\/\d{4}\/\d{2}\/\d{2}\/$/.test(p));
    expect(digestDays.length).toBeGreaterThan(0);
  });

  it("lists the folder of more than 1,000 objects in two pages, and reads all of them", async () => {
    const folder = dayFolder(
      bucket.prefix,
      { orgId: null, account: "444455556666", region: "eu-west-1" },
      bucket.busyDay,
    );
    const pages = await s3.lists((p) => p === folder);
    expect(pages.map((p) => p.continuation)).toEqual([false, true]);
    const done = await t.prisma.s3Object.count({ where: { sourceId, key: { startsWith: folder }, status: "done" } });
    expect(done).toBe(1_050);
  });

  it("keeps the corrupt object as failed, with the engine's reason, after its last retry", async () => {
    const row = await ledger(bucket.corruptKey);
    expect(row).toMatchObject({ status: "failed", errorCode: "corrupt", attempts: 2 });
    expect(row.error).toMatch(/gzip|truncated/i);
  });

  it("is an ingestion run of the source, closed with totals over its objects", async () => {
    const run = await t.prisma.ingestRun.findUniqueOrThrow({
      where: { id: BigInt(result.runId) },
      include: { source: true },
    });
    expect(run.source).toMatchObject({ kind: "s3", name: "org trail" });
    expect(run).toMatchObject({
      status: "partial",
      fileCount: bucket.logKeys.length,
      failedFiles: 1,
      stored: expectedEventIds(bucket, bucket.logKeys).length,
    });
    const source = await t.prisma.s3Source.findUniqueOrThrow({ where: { sourceId } });
    expect(source).toMatchObject({ currentRunId: null, phase: null, runner: null });
  });
});

describe("the next syncs", () => {
  it("fetch nothing already in the ledger: only the failed object is read again", async () => {
    await s3.clearLog();
    const before = await storedEventIds();
    const result = await sync();
    expect(result.files.map((f) => f.name)).toEqual([`s3://${s3.bucket}/${bucket.corruptKey}`]);
    expect((await s3.gets()).map((r) => r.key)).toEqual([bucket.corruptKey, bucket.corruptKey]);
    expect(await storedEventIds()).toEqual(before);
  });

  it("read an object replaced with a new ETag again, and store only its new events", async () => {
    const key = bucket.logKeys.find((k) => k.includes("/777788889999/CloudTrail/"))!;
    const old = await ledger(key);
    const added = generateElastiCacheRecords(3, 21, new Date(`${bucket.recentDay}T03:00:00Z`));
    const original = (JSON.parse(gunzipSync(await s3.read(key)).toString()) as { Records: unknown[] }).Records;
    await s3.put(key, recordsFile([...original, ...added]));
    const before = await storedEventIds();
    await s3.clearLog();

    const result = await sync();
    expect(result.files.map((f) => f.name).sort()).toEqual(
      [`s3://${s3.bucket}/${bucket.corruptKey}`, `s3://${s3.bucket}/${key}`].sort(),
    );
    const replaced = result.files.find((f) => f.name.endsWith(key))!;
    expect(replaced).toMatchObject({ outcome: "ok", stored: 3 });
    expect(await storedEventIds()).toEqual([...before, ...added.map((r) => String(r.eventID))].sort());
    const row = await ledger(key);
    expect(row.etag === old.etag).toBe(false);
    expect(row).toMatchObject({ status: "done", stored: 3, attempts: 1 });
  });

  it("list an access-denied object as failed with the permission it needs, and read it once allowed", async () => {
    const key = `${recentFolder()}111122223333_CloudTrail_eu-west-1_denied.json.gz`;
    const records = generateElastiCacheRecords(2, 22, new Date(`${bucket.recentDay}T04:00:00Z`));
    await s3.put(key, recordsFile(records));
    await s3.deny(key);
    await s3.clearLog();

    await sync();
    expect((await s3.gets((k) => k === key)).map((r) => r.status)).toEqual([403, 403]);
    const denied = await ledger(key);
    expect(denied).toMatchObject({ status: "failed", errorCode: "access-denied", attempts: 2 });
    expect(denied.error).toBe(
      `Access denied reading s3://${s3.bucket}/${key}: ` +
        `the credentials need s3:GetObject on arn:aws:s3:::${s3.bucket}/${bucket.prefix}*.`,
    );

    await s3.allow(key);
    await sync();
    expect(await ledger(key)).toMatchObject({ status: "done", errorCode: null, stored: 2, attempts: 1 });
  });

  it("retry an object whose download broke off, and store it once", async () => {
    const key = `${recentFolder()}111122223333_CloudTrail_eu-west-1_flaky.json.gz`;
    const records = generateElastiCacheRecords(400, 23, new Date(`${bucket.recentDay}T05:00:00Z`));
    await s3.put(key, recordsFile(records));
    await s3.breakNextDownload(key);
    await s3.clearLog();

    const result = await sync();
    expect((await s3.gets((k) => k === key)).length).toBe(2);
    expect(result.files.find((f) => f.name.endsWith(key))).toMatchObject({ outcome: "ok" });
    const row = await ledger(key);
    expect(row).toMatchObject({ status: "done", attempts: 2, stored: 400 });
    const stored = await t.prisma.event.count({ where: eventIdsWhere(records.map((r) => String(r.eventID))) });
    expect(stored).toBe(400);
  });
});

describe("drivers beginning the same source at once", () => {
  it("start one run: the others are told the source is busy with it, and open none of their own", async () => {
    const source = await loadSyncSource(t.prisma, sourceId, undefined);
    const runsBefore = await t.prisma.ingestRun.count();

    const begins = await Promise.all(["a", "b", "c", "d"].map((d) => beginSync(t.prisma, source, `queue-${d}`)));

    const started = begins.filter((b) => b.kind === "started");
    expect(started).toHaveLength(1);
    const runId = started[0]!.runId;
    expect(begins.filter((b) => b.kind === "busy").map((b) => b.runId)).toEqual([runId, runId, runId]);
    expect(await t.prisma.ingestRun.count()).toBe(runsBefore + 1);
    // Another session waiting for the lock would have opened a run and deleted it: ids would have moved on.
    const [row] = await t.prisma.$queryRaw<{ next: bigint }[]>`SELECT nextval('ingest_run_id_seq') AS next`;
    expect(row?.next).toBe(runId + 1n);
    await abortRun(t.prisma, sourceId, runId, "test over");
  });
});
