import { execFile } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// The CLI streams: a 1 GiB (uncompressed) file must ingest with the process's peak RSS
// under 400 MB. The file is NDJSON, mostly other services' records, like a real trail.

const TARGET_BYTES = 1024 ** 3;
let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), "cachetrail-big-"));
});
afterAll(async () => {
  await t.drop();
  await rm(dir, { recursive: true, force: true });
});

async function writeLargeTrail(file: string): Promise<number> {
  const elastiCache = generateElastiCacheRecords(2000, 99);
  const noise = (i: number) =>
    JSON.stringify({
      eventVersion: "1.09",
      eventID: `noise-${i}`,
      eventTime: "2025-01-01T00:00:00Z",
      eventSource: "s3.amazonaws.com",
      eventName: "GetBucketAcl",
      awsRegion: "eu-west-1",
      userIdentity: { type: "AWSService", invokedBy: "config.amazonaws.com" },
      requestParameters: { bucketName: `bucket-${i % 97}`, padding: "x".repeat(1200) },
      responseElements: null,
    });
  const out = createWriteStream(file);
  let written = 0;
  let i = 0;
  while (written < TARGET_BYTES) {
    const line = (i % 50 === 0 ? JSON.stringify(elastiCache[(i / 50) % elastiCache.length]) : noise(i)) + "\n";
    written += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()));
    i++;
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return Math.min(2000, Math.ceil(i / 50));
}

it("ingests a 1 GiB file with peak RSS under 400 MB", { timeout: 600_000 }, async () => {
  const file = path.join(dir, "big.ndjson");
  const expected = await writeLargeTrail(file);
  expect((await stat(file)).size).toBeGreaterThanOrEqual(TARGET_BYTES);
  // Exactly what users run; package.json gives V8 a heap budget so it collects early.
  const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "ingest", "--", "--json", file], {
    env: { ...process.env, DATABASE_URL: t.url, INGEST_MAX_DECOMPRESSED_BYTES: String(2 * TARGET_BYTES) },
    maxBuffer: 64 * 1024 * 1024,
  });
  const result = JSON.parse(stdout) as {
    status: string;
    peakRssBytes: number;
    files: { stored: number; outcome: string }[];
  };
  expect(result.status).toBe("succeeded");
  expect(result.files[0]!.stored).toBe(expected);
  expect(result.peakRssBytes).toBeLessThan(400 * 1024 * 1024);
  console.log(`peak RSS while ingesting 1 GiB: ${(result.peakRssBytes / 1024 ** 2).toFixed(0)} MiB`);
});
