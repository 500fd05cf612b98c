import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as GET_REPORT } from "@/app/api/completeness/route";
import { GET, POST } from "@/app/api/completeness/fetch/route";
import { setClientForTests } from "@/lib/db/client";
import { createPrismaClient } from "@/lib/db/create-client";
import { runFetch } from "@/lib/completeness/fetch";
import {
  completenessReportSchema,
  fetchListSchema,
  missingFileFetchSchema,
  type CompletenessReport,
} from "@/lib/completeness/schemas";
import { ingestPaths, listInputFiles } from "@/lib/ingest/ingest-paths";
import { fetchJobSchema, QUEUES } from "@/lib/jobs/queues";
import { jobQueue } from "@/lib/jobs/sender";
import { startWorker } from "@/lib/jobs/worker";
import { BucketReader } from "@/lib/sources/bucket";
import { createS3Client } from "@/lib/sources/s3-client";
import { createSource, loadSyncSource } from "@/lib/sources/sources";
import { syncHere } from "@/lib/sources/sync-here";
import { LOG_BUCKET } from "@/tools/corpus/accounts";
import { generateCorpus } from "@/tools/corpus/generate-corpus";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { call, get } from "../helpers/routes";
import { TEST_CREDENTIALS, TestS3Server } from "../helpers/s3-server";

// "Fetch now" (issue 16): a log file a digest names was never read; it is in the bucket of an S3
// source. POST /api/completeness/fetch queues a job on the real queue (pg-boss); the worker's
// handler (runFetch) reads exactly that key, and the hour turns complete.

const DAY = "2026-11-10";
const ACCOUNT = "111122223333";
let t: TestDatabase;
let s3: TestS3Server;
let root: string;
let missingKeys: string[];
let allKeys: string[];
const sizes = new Map<string, number>();
let sourceId: bigint;

async function report(): Promise<CompletenessReport> {
  const response = await get(
    GET_REPORT,
    `/api/completeness?from=2026-11-09&to=${DAY}&account=${ACCOUNT}&region=us-east-1`,
  );
  expect(response.status).toBe(200);
  return completenessReportSchema.parse(await response.json());
}

const post = (key: string, as: "admin" | "uploader" | "viewer" = "uploader", bucket = LOG_BUCKET) =>
  call(
    POST,
    "POST",
    "/api/completeness/fetch",
    {},
    {
      as,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ bucket, key }),
    },
  );

/** Takes the next fetch job off the real queue and runs it as the worker does. */
async function work(): Promise<string> {
  const boss = await jobQueue(t.prisma);
  const [job] = await boss.fetch(QUEUES.completenessFetch);
  expect(job).toBeDefined();
  const { fetchId } = fetchJobSchema.parse(job!.data);
  await runFetch(t.prisma, fetchId, { secretKey: undefined });
  await boss.complete(QUEUES.completenessFetch, job!.id);
  return fetchId;
}

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  root = await mkdtemp(join(tmpdir(), "completeness-fetch-"));
  [t, s3] = await Promise.all([createTestDatabase(), TestS3Server.start(LOG_BUCKET)]);
  setClientForTests(t.prisma);
  await generateCorpus({
    outDir: root,
    sizeBytes: 1024 ** 3,
    elastiCacheShare: 1,
    seed: 9,
    callsPerSecond: 0.02,
    streams: [`${ACCOUNT}/us-east-1`],
    startTime: new Date(`${DAY}T00:00:00Z`),
    until: new Date(`${DAY}T04:00:00Z`),
  });
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  const keys = entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
  for (const key of keys) {
    const body = await readFile(join(root, key));
    sizes.set(key, body.length);
    await s3.put(key, body);
  }
  // Three log files reach the bucket but are never read here (the third in a later hour).
  const logs = keys.filter((k) => k.includes("/CloudTrail/"));
  missingKeys = [logs[2]!, logs[5]!, logs[logs.length - 3]!];
  allKeys = keys;
  for (const key of missingKeys) await rm(join(root, key));
  const { files } = await listInputFiles([root]);
  await ingestPaths(t.prisma, files, { source: { kind: "cli", name: "command line" }, concurrency: 2 });
}, 240_000);

afterAll(async () => {
  await Promise.all([t?.drop(), s3?.stop(), rm(root, { recursive: true, force: true })]);
});

describe("Fetch now", () => {
  it("without an S3 source covering the bucket: 409 with what to do instead; the page offers the upload", async () => {
    const r = await report();
    expect(r.missing.map((m) => [m.key, m.sourceName])).toEqual(missingKeys.map((k) => [k, null]));
    const response = await post(missingKeys[0]!);
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      `No S3 source covers s3://${LOG_BUCKET}/${missingKeys[0]}: download it and upload it on the Upload page.`,
    );
  });

  it("is refused to viewers, and for a key no digest names as missing", async () => {
    const created = await createSource(t.prisma, s3.sourceInput({ name: "trail bucket", startDate: DAY }), undefined);
    sourceId = created;
    expect((await post(missingKeys[0]!, "viewer")).status).toBe(403);
    const unknown = await post("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/10/nothing.json.gz");
    expect(unknown.status).toBe(404);
    const bad = await post(missingKeys[0]!, "uploader", "x");
    expect(bad.status).toBe(400);
  });

  it("queues a job that reads exactly that key into a run of its own; asked twice, one job", async () => {
    const before = await report();
    expect(before.missing.map((m) => [m.key, m.sourceName])).toEqual(missingKeys.map((k) => [k, "trail bucket"]));
    const hour = before.missing[0]!.hour;
    expect(before.hours!.find((h) => h.at === hour)?.status).toBe("missing");

    const response = await post(missingKeys[0]!);
    expect(response.status).toBe(202);
    const queued = missingFileFetchSchema.parse(await response.json());
    expect(queued).toMatchObject({ key: missingKeys[0], source: "trail bucket", status: "queued", runId: null });
    // Asked again while it waits: the same fetch, not a second job.
    expect(missingFileFetchSchema.parse(await (await post(missingKeys[0]!, "admin")).json()).id).toBe(queued.id);

    await s3.clearLog();
    expect(await work()).toBe(queued.id);
    expect((await s3.gets()).map((g) => g.key)).toEqual([missingKeys[0]]);

    const list = fetchListSchema.parse(
      await (await get(GET, `/api/completeness/fetch?key=${encodeURIComponent(missingKeys[0]!)}`)).json(),
    );
    expect(list.fetches).toEqual([
      { ...queued, status: "done", outcome: "ok", runId: expect.any(String), finishedAt: expect.any(String) },
    ]);
    const run = await t.prisma.ingestRun.findUniqueOrThrow({
      where: { id: BigInt(list.fetches[0]!.runId!) },
      select: { status: true, fileCount: true, triggeredBy: true },
    });
    expect(run).toMatchObject({ status: "succeeded", fileCount: 1 });
    expect(run.triggeredBy).toContain("uploader");

    const after = await report();
    expect(after.missing.map((m) => m.key)).toEqual(missingKeys.slice(1));
    expect(after.summary.missing).toBe(2);
    expect(after.hours!.find((h) => h.at === hour)?.status).toBe(
      after.missing.some((m) => m.hour === hour) ? "missing" : "complete",
    );
  });

  it("records S3's refusal on the fetch, and the file stays missing until fetched again", async () => {
    await s3.deny(missingKeys[1]!);
    const queued = missingFileFetchSchema.parse(await (await post(missingKeys[1]!)).json());
    await work();
    const list = fetchListSchema.parse(
      await (await get(GET, `/api/completeness/fetch?key=${encodeURIComponent(missingKeys[1]!)}`)).json(),
    );
    expect(list.fetches).toEqual([
      {
        ...queued,
        status: "failed",
        runId: expect.any(String),
        error: expect.stringContaining("Access denied"),
        finishedAt: expect.any(String),
      },
    ]);
    const still = await report();
    expect(still.missing.map((m) => m.key)).toEqual(missingKeys.slice(1));
    const hour = still.missing[0]!.hour;

    await s3.allow(missingKeys[1]!);
    const again = missingFileFetchSchema.parse(await (await post(missingKeys[1]!)).json());
    expect(again.id).not.toBe(queued.id);
    await work();
    const done = await report();
    expect(done.missing.map((m) => m.key)).toEqual([missingKeys[2]]);
    expect(done.missing[0]!.hour).not.toBe(hour);
    expect(done.summary).toMatchObject({ missing: 1, read: done.summary.logFiles - 1 });
    expect(done.hours!.find((h) => h.at === hour)?.status).toBe("complete");
  });
});

describe("Fetch now through a running worker, and the source's ledger", () => {
  it("a worker started as `npm start` starts one takes the job; the hour turns complete", async () => {
    const prisma = createPrismaClient(t.url, 4);
    const worker = await startWorker(prisma, t.url, {
      concurrency: 1,
      pollSeconds: 0.5,
      maintenanceSeconds: 1,
      s3: { leaseSeconds: 30, retries: 0, retryDelaySeconds: 1, secretKey: undefined, ingest: {} },
    });
    try {
      const queued = missingFileFetchSchema.parse(await (await post(missingKeys[2]!)).json());
      await expect
        .poll(
          async () => {
            const list = fetchListSchema.parse(
              await (await get(GET, `/api/completeness/fetch?key=${encodeURIComponent(missingKeys[2]!)}`)).json(),
            );
            return list.fetches[0]?.status;
          },
          { timeout: 60_000, interval: 200 },
        )
        .toBe("done");
      expect(queued.status).toBe("queued");
    } finally {
      await worker.stop();
      await prisma.$disconnect();
    }
    const r = await report();
    expect(r.missing).toEqual([]);
    expect(r.summary).toMatchObject({ missing: 0, read: r.summary.logFiles });
  });

  it("records each file read by Fetch now in the source's ledger like a synced object", async () => {
    const ledger = await t.prisma.s3Object.findMany({
      where: { sourceId },
      select: { key: true, status: true, etag: true, size: true, runId: true, fileId: true, attempts: true },
      orderBy: { key: "asc" },
    });
    const fetches = await t.prisma.$queryRaw<{ key: string; run_id: bigint; file_id: bigint }[]>`
      SELECT DISTINCT ON (key) key, run_id, file_id FROM missing_file_fetch WHERE status = 'done' ORDER BY key, id DESC`;
    expect(ledger.map((o) => o.key)).toEqual([...missingKeys].sort());
    for (const o of ledger) {
      const fetched = fetches.find((f) => f.key === o.key)!;
      expect(o).toMatchObject({ status: "done", runId: fetched.run_id, fileId: fetched.file_id });
      expect(o.etag).toMatch(/^[0-9a-f]{32}$/);
      expect(Number(o.size)).toBe(sizes.get(o.key));
    }
    // The next sync lists the bucket and reads every object but those three.
    await s3.clearLog();
    const source = await loadSyncSource(t.prisma, sourceId, undefined);
    const sync = await syncHere(
      t.prisma,
      new BucketReader(createS3Client(source.connection), source.connection),
      source,
      {
        retries: 0,
        concurrency: 2,
        from: DAY,
        to: DAY,
      },
    );
    expect(sync.listingError).toBeNull();
    const read = (await s3.gets()).map((g) => g.key);
    expect(read).toEqual(expect.arrayContaining(allKeys.filter((k) => !missingKeys.includes(k))));
    for (const key of missingKeys) expect(read).not.toContain(key);
    expect(await t.prisma.s3Object.count({ where: { sourceId, status: "done" } })).toBe(allKeys.length);
  });
});
