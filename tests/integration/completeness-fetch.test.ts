import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as GET_REPORT } from "@/app/api/completeness/route";
import { GET, POST } from "@/app/api/completeness/fetch/route";
import { setClientForTests } from "@/lib/db/client";
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
import { createSource } from "@/lib/sources/sources";
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
  for (const key of keys) await s3.put(key, await readFile(join(root, key)));
  // Two log files reach the bucket but are never read here.
  const logs = keys.filter((k) => k.includes("/CloudTrail/"));
  missingKeys = [logs[2]!, logs[5]!];
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
    await createSource(
      t.prisma,
      {
        name: "trail bucket",
        bucket: LOG_BUCKET,
        prefix: "",
        region: "us-east-1",
        endpoint: s3.endpoint,
        forcePathStyle: true,
        accounts: [],
        awsRegions: [],
        startDate: DAY,
        intervalMinutes: 60,
        paused: true,
        credentials: { mode: "default" },
        roleArn: null,
      },
      undefined,
    );
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
    expect(after.missing.map((m) => m.key)).toEqual([missingKeys[1]]);
    expect(after.summary.missing).toBe(1);
    expect(after.hours!.find((h) => h.at === hour)?.status).toBe(
      hour === after.missing[0]!.hour ? "missing" : "complete",
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
    expect(still.missing.map((m) => m.key)).toEqual([missingKeys[1]]);
    const hour = still.missing[0]!.hour;

    await s3.allow(missingKeys[1]!);
    const again = missingFileFetchSchema.parse(await (await post(missingKeys[1]!)).json());
    expect(again.id).not.toBe(queued.id);
    await work();
    const done = await report();
    expect(done.missing).toEqual([]);
    expect(done.summary).toMatchObject({ missing: 0, read: done.summary.logFiles });
    expect(done.hours!.find((h) => h.at === hour)?.status).toBe("complete");
  });
});
