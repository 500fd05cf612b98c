import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BucketReader } from "@/lib/sources/bucket";
import { DigestPrefetch } from "@/lib/sources/digests";
import { createS3Client } from "@/lib/sources/s3-client";
import { createSource, loadSyncSource } from "@/lib/sources/sources";
import { syncHere } from "@/lib/sources/sync-here";
import { generateCorpus } from "@/tools/corpus/generate-corpus";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { TEST_CREDENTIALS, TestS3Server } from "../helpers/s3-server";

// The digest files of a sync are read by the sync itself, a listed page at a time
// (lib/sources/digests.ts), not as one object read each: each stored once, each with its
// ingest_file row and its ledger row done; a digest that is not one (bad gzip, not JSON) goes the
// ordinary way and ends failed under its key, without costing the sync or a log file.

const DAY = "2026-11-10";
const STREAM = "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/10/";
let t: TestDatabase;
let s3: TestS3Server;
let sourceId: bigint;
let root: string;
let logKeys: string[];
let digestKeys: string[];
const badGzipKey = `${STREAM}111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20261110T230000Z.json.gz`;
const notJsonKey = `${STREAM}111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20261110T233000Z.json.gz`;

async function sync() {
  const source = await loadSyncSource(t.prisma, sourceId, undefined);
  const reader = new BucketReader(createS3Client(source.connection), source.connection);
  return syncHere(t.prisma, reader, source, {
    retries: 1,
    retryDelaySeconds: 0.05,
    concurrency: 3,
    from: DAY,
    to: DAY,
  });
}

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  root = await mkdtemp(join(tmpdir(), "sources-digests-"));
  [t, s3] = await Promise.all([createTestDatabase(), TestS3Server.start("digest-trail")]);
  await generateCorpus({
    outDir: root,
    sizeBytes: 1024 ** 3,
    elastiCacheShare: 1,
    seed: 7,
    callsPerSecond: 0.01,
    streams: ["111122223333/us-east-1", "111122223333/eu-west-1"],
    startTime: new Date(`${DAY}T00:00:00Z`),
    until: new Date(`${DAY}T05:00:00Z`),
  });
  const keys = await s3.putTree(root);
  logKeys = keys.filter((k) => k.includes("/CloudTrail/"));
  digestKeys = keys.filter((k) => k.includes("/CloudTrail-Digest/"));
  // Damaged right after the gzip header, and a gzip of something that is not JSON.
  const damaged = gzipSync(JSON.stringify({ digestStartTime: "x" }));
  damaged.fill(0xff, 10, 30);
  await s3.put(badGzipKey, damaged);
  await s3.put(notJsonKey, gzipSync("this is not a digest"));
  sourceId = await createSource(t.prisma, s3.sourceInput({ name: "digest trail", startDate: DAY }), undefined);
}, 240_000);

afterAll(async () => {
  await Promise.all([t?.drop(), s3?.stop(), rm(root, { recursive: true, force: true })]);
});

describe("a sync of a trail with digest files", () => {
  let result: Awaited<ReturnType<typeof sync>>;
  beforeAll(async () => {
    await s3.clearLog();
    result = await sync();
  }, 120_000);

  it("stores every digest once, each with its ingest_file row and its ledger row done", async () => {
    expect(digestKeys.length).toBeGreaterThanOrEqual(8);
    const stored = await t.prisma.digest.findMany({ select: { key: true, fileId: true } });
    expect(stored.map((d) => d.key).sort()).toEqual([...digestKeys].sort());
    const files = await t.prisma.ingestFile.findMany({
      where: { runId: BigInt(result.runId), format: "digest" },
      select: { id: true, name: true, outcome: true, size: true, sha256: true },
    });
    expect(files.map((f) => f.name).sort()).toEqual(digestKeys.map((k) => `s3://${s3.bucket}/${k}`).sort());
    expect(files.every((f) => f.outcome === "digest" && f.size > 0n && f.sha256?.length === 64)).toBe(true);
    expect(stored.every((d) => files.some((f) => f.id === d.fileId))).toBe(true);
    const ledger = await t.prisma.s3Object.findMany({
      where: { sourceId, key: { in: digestKeys } },
      select: { status: true, outcome: true, attempts: true, fileId: true },
    });
    expect(ledger).toHaveLength(digestKeys.length);
    expect(ledger.every((o) => o.status === "done" && o.outcome === "digest" && o.attempts === 1)).toBe(true);
  });

  it("lists every log folder before any digest folder, so no log file waits behind a digest folder", async () => {
    const lists = (await s3.lists()).map((r) => r.prefix!);
    const day = `/${DAY.replaceAll("-", "/")}/`;
    const logFolders = lists.flatMap((p, i) => (p.includes("/CloudTrail/") && p.endsWith(day) ? [i] : []));
    const digestFolders = lists.flatMap((p, i) => (p.includes("/CloudTrail-Digest/") && p.endsWith(day) ? [i] : []));
    expect([logFolders.length, digestFolders.length]).toEqual([2, 2]); // two streams, one day
    expect(Math.max(...logFolders)).toBeLessThan(Math.min(...digestFolders));
  });

  it("fetches each good digest once", async () => {
    const fetched = (await s3.gets((k) => digestKeys.includes(k))).map((r) => r.key);
    expect(fetched.sort()).toEqual([...digestKeys].sort());
  });

  it("reports the objects that are not digests failed under their keys, and still reads every log file", async () => {
    expect(result.status).toBe("partial");
    const failed = result.files.filter((f) => f.error !== null);
    expect(failed.map((f) => f.name).sort()).toEqual([
      `s3://${s3.bucket}/${badGzipKey}`,
      `s3://${s3.bucket}/${notJsonKey}`,
    ]);
    for (const key of [badGzipKey, notJsonKey]) {
      const row = await t.prisma.s3Object.findUniqueOrThrow({ where: { sourceId_key: { sourceId, key } } });
      expect(row).toMatchObject({ status: "failed", errorCode: "corrupt" });
    }
    const logs = await t.prisma.s3Object.count({ where: { sourceId, key: { in: logKeys }, status: "done" } });
    expect(logs).toBe(logKeys.length);
    expect(result.files).toHaveLength(logKeys.length + digestKeys.length + 2);
  });

  it("closes the run with every object counted", async () => {
    const run = await t.prisma.ingestRun.findUniqueOrThrow({ where: { id: BigInt(result.runId) } });
    expect(run).toMatchObject({ status: "partial", fileCount: logKeys.length + digestKeys.length + 2, failedFiles: 2 });
  });

  it("is not read again by the next sync, which reads only the failed objects again", async () => {
    await s3.clearLog();
    const next = await sync();
    const fetched = (await s3.gets()).map((r) => r.key).sort();
    expect(new Set(fetched)).toEqual(new Set([badGzipKey, notJsonKey]));
    expect(next.files.map((f) => f.name).sort()).toEqual([
      `s3://${s3.bucket}/${badGzipKey}`,
      `s3://${s3.bucket}/${notJsonKey}`,
    ]);
    expect(await t.prisma.digest.count()).toBe(digestKeys.length);
  }, 120_000);
});

describe("digests fetched ahead while the log files are read", () => {
  it("hold no more than their bound: past it, nothing more is fetched until the digests are stored", async () => {
    const source = await loadSyncSource(t.prisma, sourceId, undefined);
    const reader = new BucketReader(createS3Client(source.connection), source.connection);
    await s3.clearLog();
    const prefetch = new DigestPrefetch(reader, undefined, 1); // the first digest fetched fills it
    prefetch.add(digestKeys);
    const taken = await Promise.all(digestKeys.map((key) => prefetch.take(key) ?? null));
    const fetched = taken.filter((f) => f !== null);
    // The fetches already under way when the bound was reached (two at a time), and no more.
    expect(fetched).toHaveLength(2);
    expect(fetched.map((f) => f.key)).toEqual(digestKeys.slice(0, 2));
    expect((await s3.gets()).map((r) => r.key).sort()).toEqual(digestKeys.slice(0, 2).sort());
  });
});
