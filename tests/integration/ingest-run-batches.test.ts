import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ingestPaths, listInputFiles } from "@/lib/ingest/ingest-paths";
import { testRecord } from "@/tests/fixtures/event-records";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { trailFile } from "../helpers/streams";

// The files of one run share their batches (lib/ingest/run-writer.ts): fewer, larger transactions,
// while each file keeps its own counts, its own refused records, and the guarantees of a run
// (exactly once, cancellation stores nothing more).

let t: TestDatabase;
let root: string;
beforeAll(async () => {
  t = await createTestDatabase();
  root = await mkdtemp(join(tmpdir(), "run-batches-"));
});
afterAll(async () => {
  await t.drop();
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  await t.prisma
    .$executeRaw`TRUNCATE event, actor, resource, event_resource, event_facet_count, ingest_file, ingest_run CASCADE`;
});

let dirs = 0;
/** Writes gzipped trail files named 0.json.gz, 1.json.gz… into a new directory; the engine's input. */
async function trailFiles(files: unknown[][]) {
  const dir = join(root, String(dirs++));
  await mkdir(dir);
  for (const [i, records] of files.entries()) await writeFile(join(dir, `${i}.json.gz`), trailFile(records));
  return (await listInputFiles([dir])).files;
}

const records = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => testRecord({ eventID: `${prefix}-${String(i).padStart(3, "0")}` }));

/** Events per transaction that inserted them (xmin), largest first, with the files each one held. */
async function transactions() {
  return t.prisma.$queryRaw<Array<{ events: number; files: number }>>`
    SELECT count(*)::int AS events, count(DISTINCT ingest_file_id)::int AS files
    FROM event GROUP BY xmin::text ORDER BY events DESC`;
}

/** ingest_file.stored against the events that really carry each file's id. */
async function storedPerFile() {
  return t.prisma.$queryRaw<Array<{ recorded: number; counted: number }>>`
    SELECT f.stored AS recorded, (SELECT count(*)::int FROM event e WHERE e.ingest_file_id = f.id) AS counted
    FROM ingest_file f ORDER BY f.name`;
}

// A batch waits for the run's other files only as long as events keep coming: no such wait here,
// so that how the events fall into batches depends on the bounds alone.
const NO_IDLE_FLUSH = 10 * 60_000;

describe("a run's batches", () => {
  it("hold the events of several files; each file's counts are its own", async () => {
    const files = await trailFiles([records(30, "a"), records(30, "b"), records(30, "c"), records(30, "d")]);
    const result = await ingestPaths(t.prisma, files, {
      source: { kind: "cli", name: "test" },
      idleFlushMs: NO_IDLE_FLUSH,
    });
    expect(result.status).toBe("succeeded");
    expect(result.files.map((f) => [f.outcome, f.stored, f.duplicates])).toEqual(Array(4).fill(["ok", 30, 0]));
    // One transaction for the whole run, not one per file.
    expect(await transactions()).toEqual([{ events: 120, files: 4 }]);
    expect(await storedPerFile()).toEqual(Array(4).fill({ recorded: 30, counted: 30 }));
  });

  it("are written at their bound, across files", async () => {
    const files = await trailFiles([records(30, "a"), records(30, "b"), records(30, "c"), records(30, "d")]);
    const result = await ingestPaths(t.prisma, files, {
      source: { kind: "cli", name: "test" },
      batchSize: 25,
      idleFlushMs: NO_IDLE_FLUSH,
    });
    expect(result.files.map((f) => f.stored)).toEqual([30, 30, 30, 30]);
    const written = await transactions();
    expect(written.reduce((n, w) => n + w.events, 0)).toBe(120);
    // Every batch but the last reached the bound; some held events of two files.
    expect(written.slice(0, -1).every((w) => w.events >= 25)).toBe(true);
    expect(written.length).toBeLessThan(120 / 25 + 1);
    expect(written.some((w) => w.files > 1)).toBe(true);
    expect(await storedPerFile()).toEqual(Array(4).fill({ recorded: 30, counted: 30 }));
  });

  it("isolate a record the database refuses to itself: reported with its own file and position", async () => {
    // An error code too long for its index row: only the database knows, the batch is halved.
    const bad = records(10, "bad");
    bad[7] = testRecord({ eventID: "bad-007", errorCode: randomBytes(4000).toString("base64") });
    const files = await trailFiles([records(30, "a"), bad, records(30, "c")]);
    const result = await ingestPaths(t.prisma, files, {
      source: { kind: "cli", name: "test" },
      idleFlushMs: NO_IDLE_FLUSH,
    });
    expect(result.files.map((f) => [f.outcome, f.stored, f.rejected, f.recordsRead])).toEqual([
      ["ok", 30, 0, 30],
      ["partial", 9, 1, 10],
      ["ok", 30, 0, 30],
    ]);
    const [refused] = result.files[1]!.rejections;
    expect(refused!.position.index).toBe(7);
    expect(refused!.reason).toMatch(/^the database refused the record: index row .*size/);
    expect(result.files[0]!.rejections).toEqual([]);
    expect(result.files[2]!.rejections).toEqual([]);
    expect(await t.prisma.event.count()).toBe(69);
    expect(await storedPerFile()).toEqual([
      { recorded: 30, counted: 30 },
      { recorded: 9, counted: 9 },
      { recorded: 30, counted: 30 },
    ]);
  });

  it("store an event found in two files of the run once, credited to the file read first", async () => {
    const first = records(20, "x");
    const second = [...first.slice(0, 10), ...records(5, "y")];
    const files = await trailFiles([first, second]);
    const result = await ingestPaths(t.prisma, files, {
      source: { kind: "cli", name: "test" },
      concurrency: 1,
      idleFlushMs: NO_IDLE_FLUSH,
    });
    expect(result.files.map((f) => [f.outcome, f.stored, f.duplicates])).toEqual([
      ["ok", 20, 0],
      ["ok", 5, 10],
    ]);
    expect(await transactions()).toEqual([{ events: 25, files: 2 }]);
    expect(await storedPerFile()).toEqual([
      { recorded: 20, counted: 20 },
      { recorded: 5, counted: 5 },
    ]);
  });

  it("credit an event that many files hold to the first of them, with files read three at a time", async () => {
    // The files' rows are written in groups while the files are read (lib/ingest/file-rows.ts): their
    // ids must still rise in the order the files were opened, which decides who stores a shared event.
    const shared = testRecord({ eventID: "shared-event" });
    const files = await trailFiles(Array.from({ length: 9 }, (_, i) => [...records(5, `f${i}`), shared]));
    const result = await ingestPaths(t.prisma, files, {
      source: { kind: "cli", name: "test" },
      concurrency: 3,
      idleFlushMs: NO_IDLE_FLUSH,
    });
    expect(result.files.map((f) => [f.stored, f.duplicates])).toEqual([[6, 0], ...Array(8).fill([5, 1])]);
    const rows = await t.prisma.ingestFile.findMany({ orderBy: { id: "asc" }, select: { name: true } });
    expect(rows.map((r) => r.name)).toEqual(files.map((f) => f.path));
    expect(await storedPerFile()).toEqual([{ recorded: 6, counted: 6 }, ...Array(8).fill({ recorded: 5, counted: 5 })]);
  });

  it("cancelled once its files are read, but before their batch is written: nothing is stored", async () => {
    const files = await trailFiles([records(20, "a"), records(20, "b"), records(20, "c")]);
    const cancel = new AbortController();
    const result = await ingestPaths(t.prisma, files, {
      source: { kind: "cli", name: "test" },
      concurrency: 1,
      idleFlushMs: NO_IDLE_FLUSH,
      signal: cancel.signal,
      // The last file's final progress report: every file is read, the run's one batch not yet written.
      onProgress: (p) => p.name === files[2]!.path && cancel.abort(),
    });
    expect(result.status).toBe("aborted");
    expect(result.files.map((f) => [f.outcome, f.stored])).toEqual([
      ["not-ingested", 0],
      ["not-ingested", 0],
      ["not-ingested", 0],
    ]);
    expect(await t.prisma.event.count()).toBe(0);
    expect(await storedPerFile()).toEqual(Array(3).fill({ recorded: 0, counted: 0 }));
  });
});
