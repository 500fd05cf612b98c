import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FileSummary } from "@/lib/ingest/file-summary";
import { EVENT_ID_SELECT, eventIdOf } from "@/lib/events/event-id";
import { expectedEventIds, fillTrailBucket, type TrailBucket } from "../fixtures/s3/trail-bucket";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { TEST_CREDENTIALS, TestS3Server } from "../helpers/s3-server";

// `npm run sync` as a person runs it: a process of its own against the test's database and S3
// server, its JSON summary, its exit codes, and a second run that fetches nothing it has read.

let t: TestDatabase;
let s3: TestS3Server;
let bucket: TrailBucket;

interface Summary {
  runId: string;
  status: string;
  error: string | null;
  listing: { streams: number; days: number; objectsListed: number; requests: number } | null;
  files: FileSummary[];
}

function sync(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/sync.ts", ...args],
      {
        env: {
          ...process.env,
          DATABASE_URL: t.url,
          AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
          CACHETRAIL_S3_RETRIES: "0",
        },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  [t, s3] = await Promise.all([createTestDatabase(), TestS3Server.start()]);
  bucket = await fillTrailBucket(s3, { busyObjects: 0 });
}, 180_000);

afterAll(async () => {
  await Promise.all([t?.drop(), s3?.stop()]);
});

describe("npm run sync", () => {
  const url = () => `s3://${s3.bucket}/${bucket.prefix}`;

  it("reads the bucket from --from on, prints the ingest summary as JSON, and exits 1 for the corrupt object", async () => {
    const { code, stdout } = await sync(url(), "--endpoint", s3.endpoint, "--from", bucket.startDay, "--json");
    const summary = JSON.parse(stdout) as Summary;
    expect(code).toBe(1);
    expect(summary.status).toBe("partial");
    expect(summary.error).toBeNull();
    expect(summary.files.map((f) => f.name)).toEqual(bucket.logKeys.map((k) => `s3://${s3.bucket}/${k}`));
    expect(summary.files.filter((f) => f.outcome === "failed").map((f) => [f.name, f.errorCode])).toEqual([
      [`s3://${s3.bucket}/${bucket.corruptKey}`, "corrupt"],
    ]);
    const stored = await t.prisma.event.findMany({ select: EVENT_ID_SELECT });
    expect(stored.map(eventIdOf).sort()).toEqual(expectedEventIds(bucket, bucket.logKeys));
    expect((await s3.gets((k) => bucket.oldKeys.includes(k))).length).toBe(0);
    const run = await t.prisma.ingestRun.findUniqueOrThrow({
      where: { id: BigInt(summary.runId) },
      include: { source: true },
    });
    expect(run.source).toMatchObject({ kind: "s3", name: `s3://${s3.bucket}/${bucket.prefix} at ${s3.endpoint}` });
  }, 120_000);

  it("fetches nothing already in the ledger when run again", async () => {
    await s3.clearLog();
    const { stdout } = await sync(url(), "--endpoint", s3.endpoint, "--from", bucket.startDay, "--json");
    const summary = JSON.parse(stdout) as Summary;
    // Only the failed object is tried again.
    expect(summary.files.map((f) => f.name)).toEqual([`s3://${s3.bucket}/${bucket.corruptKey}`]);
    expect((await s3.gets()).map((r) => r.key)).toEqual([bucket.corruptKey]);
  }, 120_000);

  it("says why it cannot read a bucket, and exits 1", async () => {
    const { code, stdout } = await sync(`s3://no-such-trail-bucket/`, "--endpoint", s3.endpoint, "--json");
    expect(code).toBe(1);
    const summary = JSON.parse(stdout) as Summary;
    expect([summary.status, summary.error]).toEqual([
      "failed",
      `There is no bucket named "no-such-trail-bucket" at ${s3.endpoint}.`,
    ]);
  }, 120_000);

  it("refuses arguments it cannot use, with the usage, and exits 2", async () => {
    const results = await Promise.all([
      sync("trail-logs"),
      sync(url(), "--from", "2026-02-30"),
      sync(url(), "--account", "12345"),
    ]);
    expect(results.map((r) => [r.code, r.stderr.split("\n")[0]])).toEqual([
      [2, "Give one s3://bucket/prefix URL."],
      [2, "Not a date (YYYY-MM-DD): 2026-02-30"],
      [2, "Not 12-digit account ids: 12345"],
    ]);
  }, 120_000);
});
