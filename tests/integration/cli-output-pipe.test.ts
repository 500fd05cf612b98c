import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { until } from "../faults/helpers/processes";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// `npm run ingest -- --json … | jq`: the result is whole however slowly the next command reads it.
// Writes to a pipe are asynchronous in Node, and the CLI used to end with process.exit() while its
// output still waited: a reader that came late got what the pipe and its own buffer held (64 KiB each).
// 40 files of 100 records each, every one rejected (no eventTime): ~700 KB of --json output, each
// rejection listed with its position, against a pipe that holds 64 KiB.
const FILES = 40;
const RECORDS = 100;
let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), "cachetrail-cli-pipe-"));
  for (let i = 0; i < FILES; i++) {
    const records = Array.from({ length: RECORDS }, (_, j) => ({
      eventVersion: "1.08",
      eventSource: "elasticache.amazonaws.com",
      eventName: "ModifyCacheCluster",
      eventID: `pipe-${i}-${j}`,
    }));
    await writeFile(
      path.join(dir, `file-${String(i).padStart(2, "0")}.json.gz`),
      gzipSync(JSON.stringify({ Records: records })),
    );
  }
});

afterAll(async () => {
  await t.drop();
  await rm(dir, { recursive: true, force: true });
});

it("prints the whole --json result to a pipe that is read only after the run has finished", async () => {
  const child = spawn(process.execPath, ["scripts/launch.mjs", "scripts/ingest.ts", "--json", dir], {
    env: { ...process.env, DATABASE_URL: t.url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.pause(); // nothing is read: the pipe fills and the rest of the output waits in the CLI
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));

  // The run is recorded as finished just before the CLI prints; then give it time to exit.
  const finished = async () => {
    const [row] = await t.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM ingest_run WHERE status <> 'running'`;
    return row!.n > 0;
  };
  await until(finished, "the run to be recorded as finished");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 1500))]);

  const chunks: Buffer[] = [];
  for await (const chunk of child.stdout) chunks.push(chunk as Buffer);
  const code = await exited;

  const text = Buffer.concat(chunks).toString("utf8");
  expect(text.length).toBeGreaterThan(4 * 64 * 1024);
  const result = JSON.parse(text) as { status: string; files: Array<{ rejected: number; rejections: unknown[] }> };
  expect(result.files).toHaveLength(FILES);
  for (const file of result.files) {
    expect(file.rejected).toBe(RECORDS);
    expect(file.rejections).toHaveLength(RECORDS);
  }
  expect(code, stderr).toBe(1); // files whose records were all rejected
}, 180_000);
