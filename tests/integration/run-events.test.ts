import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listEvents } from "@/lib/events/queries";
import { abortRun, startRun } from "@/lib/ingest/runs";
import { getRunDetail } from "@/lib/run-history/queries";
import { runFilesQuerySchema } from "@/lib/run-history/schemas";
import { at, modifyRecord, testRecord } from "@/tests/fixtures/event-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { poolOf } from "@/lib/db/create-client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// A run's events are the range of event ids it stored (ingest_run.first_event_id / last_event_id, moved
// by each of its batches), read next to ingest_run_id: there is no (ingest_run_id, …) index (issue 19).
// Runs that store at the same time share that range; each must still list exactly its own events.

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
});

const reads = (prefix: string, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => testRecord({ eventID: `${prefix}-${i}`, eventTime: at(from + i * 60) }));

async function listed(run: bigint): Promise<string[]> {
  const page = await listEvents(t.prisma, { run: run.toString(), limit: 200 });
  expect(page.total).toEqual({ kind: "exact", value: page.events.length });
  return page.events.map((e) => e.eventId).sort();
}

async function bounds(run: bigint): Promise<{ first: string | null; last: string | null; min: string; max: string }> {
  const { rows } = await poolOf(t.prisma).query<{
    first: string | null;
    last: string | null;
    min: string;
    max: string;
  }>(
    `SELECT r.first_event_id AS first, r.last_event_id AS last,
       (SELECT min(id) FROM event WHERE ingest_run_id = r.id) AS min, (SELECT max(id) FROM event WHERE ingest_run_id = r.id) AS max
     FROM ingest_run r WHERE r.id = $1`,
    [run.toString()],
  );
  return rows[0]!;
}

describe("a run's events", () => {
  it("lists exactly each run's events when two runs' batches interleave, with events of no run among them", async () => {
    const a = await startRun(t.prisma, { kind: "cli", name: "run-a" });
    const b = await startRun(t.prisma, { kind: "cli", name: "run-b" });
    await storeRecords(t.prisma, reads("a1", 5), { runId: a.runId, fileId: null });
    await storeRecords(t.prisma, reads("b1", 4), { runId: b.runId, fileId: null });
    await storeRecords(t.prisma, reads("none", 3), { runId: null, fileId: null });
    await storeRecords(t.prisma, reads("a2", 5, 10_000), { runId: a.runId, fileId: null });
    await storeRecords(t.prisma, reads("b2", 4, 10_000), { runId: b.runId, fileId: null });

    const expected = (p: string, q: string, n: number) =>
      [...Array.from({ length: n }, (_, i) => `${p}-${i}`), ...Array.from({ length: n }, (_, i) => `${q}-${i}`)].sort();
    expect(await listed(a.runId)).toEqual(expected("a1", "a2", 5));
    expect(await listed(b.runId)).toEqual(expected("b1", "b2", 4));
    // The bounds are the run's own smallest and largest id, whatever order its batches came in.
    for (const run of [a.runId, b.runId]) {
      const r = await bounds(run);
      expect([r.first, r.last]).toEqual([r.min, r.max]);
    }
    // Combined with another filter, and its next page by keyset.
    const firstPage = await listEvents(t.prisma, { run: a.runId.toString(), limit: 4 });
    expect(firstPage.events).toHaveLength(4);
    const next = await listEvents(t.prisma, { run: a.runId.toString(), limit: 10, after: firstPage.next! });
    expect([...firstPage.events, ...next.events].map((e) => e.eventId).sort()).toEqual(expected("a1", "a2", 5));
  });

  it("lists what a run still open has stored, and nothing before its first batch", async () => {
    const run = await startRun(t.prisma, { kind: "cli", name: "open-run" });
    expect(await listed(run.runId)).toEqual([]);
    await storeRecords(t.prisma, reads("open1", 3), { runId: run.runId, fileId: null });
    expect(await listed(run.runId)).toEqual(["open1-0", "open1-1", "open1-2"]);
    // Events already stored by another run are duplicates: they move neither this run's list nor its bounds.
    await storeRecords(t.prisma, reads("a1", 2), { runId: run.runId, fileId: null });
    expect(await listed(run.runId)).toEqual(["open1-0", "open1-1", "open1-2"]);
    await storeRecords(t.prisma, reads("open2", 2), { runId: run.runId, fileId: null });
    expect(await listed(run.runId)).toEqual(["open1-0", "open1-1", "open1-2", "open2-0", "open2-1"]);
    const r = await bounds(run.runId);
    expect([r.first, r.last]).toEqual([r.min, r.max]);
  });

  it("shows on the run page the resources its events changed, not those of a run stored at the same time", async () => {
    const a = await startRun(t.prisma, { kind: "cli", name: "changes-a" });
    const b = await startRun(t.prisma, { kind: "cli", name: "changes-b" });
    await storeRecords(t.prisma, [modifyRecord("cache-a", { eventID: "ch-a-1" })], { runId: a.runId, fileId: null });
    await storeRecords(t.prisma, [modifyRecord("cache-b", { eventID: "ch-b-1" })], { runId: b.runId, fileId: null });
    await storeRecords(t.prisma, [modifyRecord("cache-a", { eventID: "ch-a-2" })], { runId: a.runId, fileId: null });
    const detail = await getRunDetail(t.prisma, a.runId.toString(), runFilesQuerySchema.parse({}));
    expect(detail?.changedResources.map((r) => [r.resourceId, r.changes])).toEqual([["cache-a", 2]]);
  });

  it("credits each pending file of an aborted run with the events it stored", async () => {
    const run = await startRun(t.prisma, { kind: "cli", name: "aborted" });
    const file = (name: string) =>
      t.prisma.ingestFile.create({ data: { runId: run.runId, name, outcome: "pending" }, select: { id: true } });
    const [f1, f2, f3] = [await file("one.json.gz"), await file("two.json.gz"), await file("three.json.gz")];
    await storeRecords(t.prisma, reads("f1", 3, 20_000), { runId: run.runId, fileId: f1.id });
    await storeRecords(t.prisma, reads("other", 2, 20_000), { runId: null, fileId: null });
    await storeRecords(t.prisma, reads("f2", 2, 20_000), { runId: run.runId, fileId: f2.id });
    expect(await abortRun(t.prisma, run.runId, "test")).toBe(true);
    const files = await t.prisma.ingestFile.findMany({ where: { runId: run.runId }, orderBy: { id: "asc" } });
    expect(files.map((f) => [f.id, f.outcome, f.stored])).toEqual([
      [f1.id, "not-ingested", 3],
      [f2.id, "not-ingested", 2],
      [f3.id, "not-ingested", 0],
    ]);
  });
});
