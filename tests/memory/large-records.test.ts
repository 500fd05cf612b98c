import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { measureExport } from "@/scripts/bench/export-measure";
import { serverHeapFlags } from "@/scripts/server-heap-flags";
import { at, modifyRecord } from "@/tests/fixtures/event-records";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { testToken } from "../helpers/routes";

// Records of 1 MB each (just under the 1 MiB record limit): batches are cut by bytes, so memory
// follows the batch size (4 MiB), not the record count. 1,000 of them through the CLI stay under
// 400 MB of peak RSS; four such uploads at once into one server stay under 500 MB; exporting them
// all (a gigabyte of records) keeps a server under 500 MB too — an export that gathered its rows by
// count (1,000 a batch) would hold the whole gigabyte at once.

const RECORDS = 1_000;
const RECORD_BYTES = 1_000_000;
const MiB = 1024 ** 2;

let t: TestDatabase;
let dir: string;
let file: string;
const children = new Set<ChildProcess>();
beforeAll(async () => {
  t = await createTestDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), "cachetrail-large-"));
  file = path.join(dir, "large-records.json");
  await writeLargeRecords(file);
}, 600_000);
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await t.drop();
  await rm(dir, { recursive: true, force: true });
});

/** {"Records":[…]} of RECORDS ModifyCacheCluster records of RECORD_BYTES each. */
async function writeLargeRecords(to: string): Promise<void> {
  const out = createWriteStream(to);
  const write = async (text: string) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  };
  await write('{"Records":[');
  const filler = "abcdefghij0123456789".repeat(Math.ceil(RECORD_BYTES / 20));
  for (let i = 0; i < RECORDS; i++) {
    const record = modifyRecord(`large-${i % 20}`, { eventID: `large-${i}`, eventTime: at(i) });
    const shell = JSON.stringify({ ...record, requestParameters: { cacheClusterId: `large-${i % 20}`, notes: "@" } });
    // Varied text (not one repeated character) so nothing along the way shrinks it for free.
    const notes = `${i}:${filler}`.slice(0, RECORD_BYTES - Buffer.byteLength(shell) + 1);
    const text = shell.replace('"@"', JSON.stringify(notes));
    if (Buffer.byteLength(text) !== RECORD_BYTES) throw new Error(`record ${i} is ${Buffer.byteLength(text)} bytes`);
    await write(`${i === 0 ? "" : ","}${text}`);
  }
  await write("]}");
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

describe("records of 1 MB each", () => {
  it("1,000 through the CLI: all stored, peak RSS under 400 MB", async () => {
    const { stdout } = await promisify(execFile)("npm", ["run", "--silent", "ingest", "--", "--json", file], {
      env: { ...process.env, DATABASE_URL: t.url },
      maxBuffer: 64 * MiB,
    });
    const result = JSON.parse(stdout) as { status: string; peakRssBytes: number; files: { stored: number }[] };
    expect(result.status).toBe("succeeded");
    expect(result.files[0]!.stored).toBe(RECORDS);
    expect(result.peakRssBytes).toBeLessThan(400 * MiB);
    console.log(`CLI peak RSS, 1,000 records of 1 MB: ${(result.peakRssBytes / MiB).toFixed(0)} MiB`);
  });

  // Minutes on a loaded machine: 1 GB through one server four times.
  it(
    "four uploads of them at once into one server: all answered, server peak RSS under 500 MB",
    { timeout: 1_200_000 },
    async () => {
      const server = spawn(
        process.execPath,
        // As `npm start` runs it: its heap flags, Node's 300 s request timeout lifted for uploads
        // (scripts/http-timeouts.mjs), and the raw body read from Node's request stream (scripts/upload-body.mjs).
        [
          ...serverHeapFlags(),
          "--conditions=react-server",
          "--import",
          "./scripts/http-timeouts.mjs",
          "--import",
          "./scripts/upload-body.mjs",
          "--import",
          "tsx",
          "tests/helpers/route-server.ts",
        ],
        {
          env: { ...process.env, DATABASE_URL: t.url, INGEST_MAX_CONCURRENT: "4" },
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      children.add(server);
      const [line] = await createInterface({ input: server.stdout! })
        [Symbol.asyncIterator]()
        .next()
        .then((r) => [r.value as string]);
      const { port } = JSON.parse(line!) as { port: number };
      const token = await testToken("uploader", t.prisma);

      const upload = (n: number) =>
        new Promise<{ status: number; text: string }>((resolve, reject) => {
          const req = http.request(
            `http://127.0.0.1:${port}/api/ingest?name=large-${n}.json`,
            {
              method: "POST",
              headers: {
                "content-type": "application/json",
                authorization: `Bearer ${token}`,
                "transfer-encoding": "chunked",
              },
            },
            (res) => {
              let text = "";
              res.on("data", (d: Buffer) => (text += d.toString()));
              res.on("end", () => resolve({ status: res.statusCode!, text }));
              res.on("error", reject);
            },
          );
          req.on("error", reject);
          createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(req);
        });
      const answers = await Promise.all([0, 1, 2, 3].map(upload));
      const peak = await peakRss(server.pid!);
      server.kill("SIGTERM");
      for (const a of answers)
        expect({ status: a.status, text: a.status === 200 ? "" : a.text }).toEqual({ status: 200, text: "" });
      const bodies = answers.map((a) => JSON.parse(a.text) as { totals: { stored: number; duplicates: number } });
      // The same records four times: stored once, the other three uploads find them all there.
      expect(bodies.reduce((n, b) => n + b.totals.stored, 0)).toBe(0);
      expect(bodies.reduce((n, b) => n + b.totals.duplicates, 0)).toBe(4 * RECORDS);
      expect(peak).toBeLessThan(500 * MiB);
      console.log(`server peak RSS, 4 uploads of 1,000 records of 1 MB at once: ${(peak / MiB).toFixed(0)} MiB`);
    },
  );

  // JSON only: each item carries its whole record, and the batching is the same for CSV (measured
  // side by side in docs/benchmarks.md; CSV's escaping makes it twice as slow for the same bytes).
  it(
    "exporting all of them as JSON from one server: every row sent, peak RSS under 500 MB",
    { timeout: 1_200_000 },
    async () => {
      const token = await testToken("viewer", t.prisma);
      const m = await measureExport(t.url, token, "json");
      // "[", a line per event, "]".
      expect({ status: m.status, lines: m.lines }).toEqual({ status: 200, lines: RECORDS + 2 });
      // Each item carries its record's 1 MB.
      expect(m.bytes).toBeGreaterThan(RECORDS * RECORD_BYTES);
      expect(m.peakRssBytes).toBeLessThan(500 * MiB);
      console.log(
        `server peak RSS, JSON export of 1,000 records of 1 MB: ${(m.peakRssBytes / MiB).toFixed(0)} MiB ` +
          `(${(m.startRssBytes / MiB).toFixed(0)} MiB at start, ${(m.bytes / MiB).toFixed(0)} MiB sent in ${m.seconds.toFixed(0)} s)`,
      );
    },
  );
});
