import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEvent } from "@/lib/events/detail";
import { exportEvents } from "@/lib/events/export";
import { recordBytesOf, recordColumns, type StoredRecordColumns } from "@/lib/events/record-codec-sql";
import { convertLegacyRecords, convertLegacyRecordsFor } from "@/lib/events/record-upgrade";
import { loadResourcePage } from "@/lib/resources/resource-page";
import { historyRecordPages, historyRecords } from "@/lib/resources/timeline-queries";
import { parseTimelineParams } from "@/lib/resources/timeline-params";
import { ACCOUNT, REGION, record } from "@/tests/fixtures/resource-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { storedRecord } from "../helpers/stored-record";

// Records are stored compressed (event.record_data, lib/events/record-codec.ts); rows stored
// before keep their jsonb until the sweeper converts them, and every read takes either form.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const ID = "rs-cluster";
const KEY = { accountId: ACCOUNT, region: REGION, kind: "cache-cluster", resourceId: ID };
const at = (minute: number) => new Date(Date.UTC(2025, 4, 1, 10, minute)).toISOString().replace(".000Z", "Z");
const cluster = (nodes: number, note: string) => ({
  cacheClusterId: ID,
  engine: "redis",
  engineVersion: "7.1",
  cacheNodeType: "cache.t4g.small",
  numCacheNodes: nodes,
  cacheClusterStatus: "modifying",
  note,
});

/** Turns the given events back into rows as stored before 2026-12: jsonb record, no record_data. */
async function asLegacyRows(eventIds: string[]) {
  for (const id of eventIds) {
    const { bytes } = await storedRecord(t.prisma, id);
    await t.prisma
      .$executeRaw`UPDATE event SET record = ${bytes.toString()}::jsonb, record_data = NULL WHERE event_id = ${id}`;
  }
}

const exportJson = async () =>
  new Response(
    exportEvents(t.prisma, {}, "json", { origin: "https://x.example", now: new Date("2026-01-01Z") }),
  ).text();

describe("stored records", () => {
  const records = [
    record("CreateCacheCluster", at(0), { cacheClusterId: ID, numCacheNodes: 1 }, cluster(1, "created"), {
      id: "rs-0",
    }),
    ...Array.from({ length: 12 }, (_, i) =>
      record(
        "ModifyCacheCluster",
        at(i + 1),
        { cacheClusterId: ID, numCacheNodes: i + 2, applyImmediately: true },
        cluster(i + 2, `modify ${i} ${"ü".repeat(3000 + i)}`),
        { id: `rs-${i + 1}` },
      ),
    ),
  ];

  it("are read the same from either stored form, and converted without losing one", async () => {
    await storeRecords(t.prisma, records);
    const [counted] = await t.prisma.$queryRaw<{ legacy: bigint }[]>`
      SELECT count(*) FILTER (WHERE record IS NOT NULL OR record_data IS NULL) AS legacy FROM event`;
    expect(counted!.legacy).toBe(0n);
    const ids = records.map((r) => r.eventID as string);
    const details = await Promise.all(ids.map(async (id) => (await getEvent(t.prisma, id))!.detail.record));
    expect(details).toEqual(records);
    const params = parseTimelineParams({});
    const page = await loadResourcePage(t.prisma, KEY, params);
    const exported = await exportJson();

    // Half the rows as an install upgraded from before 2026-12 holds them.
    const legacyIds = ids.filter((_, i) => i % 2 === 0);
    await asLegacyRows(legacyIds);
    await t.prisma.resourceHistory.deleteMany({});
    expect(await Promise.all(ids.map(async (id) => (await getEvent(t.prisma, id))!.detail.record))).toEqual(records);
    expect(await loadResourcePage(t.prisma, KEY, params)).toEqual(page);
    // jsonb kept its own key order: the same records, not the same text.
    expect(JSON.parse(await exportJson())).toEqual(JSON.parse(exported));

    // The sweeper's conversion: a page at a time, each row keeps one form throughout.
    expect(await convertLegacyRecords(t.prisma, 3)).toBe(3);
    expect(await convertLegacyRecordsFor(t.prisma, { pageRows: 2 })).toBe(legacyIds.length - 3);
    expect(await convertLegacyRecords(t.prisma)).toBe(0);
    const rows = await t.prisma.$queryRaw<{ record_data: Uint8Array | null; record: unknown }[]>`
      SELECT record_data, record FROM event`;
    expect(rows.every((r) => r.record_data !== null && r.record === null)).toBe(true);
    // A converted row holds the jsonb's text, so it parses to the very record.
    for (const id of legacyIds) expect((await storedRecord(t.prisma, id)).record).toEqual(records[ids.indexOf(id)]);
    expect(await Promise.all(ids.map(async (id) => (await getEvent(t.prisma, id))!.detail.record))).toEqual(records);
    await t.prisma.resourceHistory.deleteMany({});
    expect(await loadResourcePage(t.prisma, KEY, params)).toEqual(page);
    expect(JSON.parse(await exportJson())).toEqual(JSON.parse(exported));
  });

  it("are never without one of their two forms", async () => {
    await expect(
      t.prisma.$executeRaw`UPDATE event SET record_data = NULL, record = NULL WHERE event_id = 'rs-1'`,
    ).rejects.toThrow(/event_record_check/);
  });

  it("are read for a history in pages bounded by bytes, newest first, each once", async () => {
    const [resource] = await t.prisma.$queryRaw<{ id: bigint }[]>`SELECT id FROM resource WHERE resource_id = ${ID}`;
    const lengths = await t.prisma.$queryRaw<({ event_id: string } & StoredRecordColumns)[]>`
      SELECT e.event_id, ${recordColumns("e")} FROM event e ORDER BY e.event_time DESC, e.id DESC`;
    const bytes = new Map(lengths.map((r) => [r.event_id, recordBytesOf(r).length]));
    const largest = Math.max(...bytes.values());
    // Each Modify record holds 3,000+ two-byte characters: a budget of 2.5 records gives pages of 2 or 3.
    const budget = Math.floor(largest * 2.5);
    const pages: { row_id: bigint; response: unknown }[][] = [];
    for await (const page of historyRecordPages(t.prisma, resource!.id, undefined, budget)) pages.push(page);
    const all = pages.flat();
    expect(all).toEqual(await historyRecords(t.prisma, resource!.id));
    expect(all.map((r) => (r.response as { note: string }).note.split(" ").slice(0, 2).join(" "))).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `modify ${11 - i}`),
      "created",
    ]);
    expect(pages.length).toBeGreaterThanOrEqual(5);
    // A page stops before the record that would take it past the budget (one always fits).
    const rowBytes = new Map(
      (await t.prisma.$queryRaw<{ id: bigint; event_id: string }[]>`SELECT id, event_id FROM event`).map((r) => [
        String(r.id),
        bytes.get(r.event_id)!,
      ]),
    );
    for (const page of pages) {
      const sizes = page.map((r) => rowBytes.get(String(r.row_id))!);
      expect(sizes.slice(0, -1).reduce((a, b) => a + b, 0)).toBeLessThan(budget);
    }
    // A budget smaller than any record: one record per page.
    const single: number[] = [];
    for await (const page of historyRecordPages(t.prisma, resource!.id, undefined, 1)) single.push(page.length);
    expect(single).toEqual(Array(13).fill(1));
  });
});
