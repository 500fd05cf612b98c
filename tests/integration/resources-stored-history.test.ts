import { describe, expect, it } from "vitest";
import { findResource, loadResourcePage } from "@/lib/resources/queries";
import { storeBusyResourceHistories } from "@/lib/resources/sweeper";
import { clearResourceStateCache, storedFactsSettled } from "@/lib/resources/resource-state";
import { loadStoredFacts } from "@/lib/resources/stored-facts";
import { ACCOUNT, REGION, record } from "@/tests/fixtures/resource-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { parseTimelineParams } from "@/lib/resources/timeline-params";
import { testDatabaseWith } from "../helpers/database";

// A resource's facts are stored after its page is first built, then read back and extended
// with newer events instead of rebuilt. Whatever path a page takes — built, read back,
// extended in memory or from the stored copy, rebuilt after a late event — it must show
// exactly what a page built from every event shows.

const ID = "stored-001";
const KEY = { accountId: ACCOUNT, region: REGION, kind: "cache-cluster", resourceId: ID };
const PARAMS = parseTimelineParams({});

const at = (minute: number) =>
  new Date(Date.UTC(2025, 5, 1, 8, 0, 0) + minute * 60_000).toISOString().replace(".000", "");
const cluster = (nodes: number, status: string) => ({
  cacheClusterId: ID,
  engine: "redis",
  engineVersion: "7.1",
  cacheNodeType: "cache.t4g.small",
  numCacheNodes: nodes,
  cacheClusterStatus: status,
  pendingModifiedValues: {},
});
const create = (minute: number) =>
  record(
    "CreateCacheCluster",
    at(minute),
    { cacheClusterId: ID, engine: "redis", numCacheNodes: 1, cacheNodeType: "cache.t4g.small" },
    cluster(1, "creating"),
    { actor: "alice" },
  );
const resize = (minute: number, nodes: number, actor = "bob") =>
  record(
    "ModifyCacheCluster",
    at(minute),
    { cacheClusterId: ID, numCacheNodes: nodes, applyImmediately: true },
    cluster(nodes, "modifying"),
    { actor },
  );
const poll = (minute: number) =>
  record("DescribeCacheClusters", at(minute), { cacheClusterId: ID }, null, { actor: "monitor", readOnly: true });
const remove = (minute: number) =>
  record("DeleteCacheCluster", at(minute), { cacheClusterId: ID }, cluster(1, "deleting"), { actor: "carol" });

const database = testDatabaseWith(() => [
  create(0),
  ...Array.from({ length: 20 }, (_, i) => poll(1 + i)),
  resize(30, 2),
]);

const page = () => loadResourcePage(database.prisma, KEY, PARAMS);
const rowId = async () => (await findResource(database.prisma, KEY))!.id;
const stored = async () => loadStoredFacts(database.prisma, await rowId());

/** The page as built from every event, with nothing held or stored. */
async function rebuiltPage() {
  await storedFactsSettled();
  await database.prisma.$executeRaw`DELETE FROM resource_history`;
  clearResourceStateCache();
  const built = await page();
  await storedFactsSettled();
  return built;
}

describe("stored resource histories", () => {
  it("stores a page's facts once built, and a fresh process shows the same page from them", async () => {
    const built = await rebuiltPage();
    expect((await stored())?.eventCount).toBe(22);
    clearResourceStateCache();
    expect(await page()).toEqual(built);
  });

  it("extends held facts with newer events, in memory and from the stored copy", async () => {
    await page();
    await storeRecords(database.prisma, [resize(40, 3), poll(41), remove(50)]);
    const extendedInMemory = await page();
    await storedFactsSettled();
    // Three new events are too few to rewrite the stored copy: a fresh process extends it.
    expect((await stored())?.eventCount).toBe(22);
    clearResourceStateCache();
    const extendedFromStore = await page();
    const built = await rebuiltPage();
    expect(extendedInMemory).toEqual(built);
    expect(extendedFromStore).toEqual(built);
    expect(built?.status).toBe("deleted");
    expect(built?.timeline.items[0]?.changes).toEqual([
      { field: "numCacheNodes", status: "applied", text: "numCacheNodes 3 → 1 (observed in response)" },
      { field: "status", status: "applied", text: "status modifying → deleted" },
    ]);
  });

  it("rebuilds when a late event belongs before the stored ones, and stores the result", async () => {
    await page();
    // Delivered late: a resize between the create and the first resize.
    await storeRecords(database.prisma, [resize(20, 5, "dave")]);
    clearResourceStateCache();
    const afterLate = await page();
    await storedFactsSettled();
    expect((await stored())?.eventCount).toBe(26);
    expect(afterLate?.timeline.items.map((i) => i.actor.name)).toContain("dave");
    expect(afterLate).toEqual(await rebuiltPage());
  });

  it("rebuilds, and stores again, facts whose stored copy is unreadable", async () => {
    const built = await rebuiltPage();
    await database.prisma.$executeRaw`UPDATE resource_history SET body = ${new Uint8Array([0x1f, 0x8b, 0x08, 0x00])}`;
    clearResourceStateCache();
    expect(await page()).toEqual(built);
    await storedFactsSettled();
    expect((await stored())?.eventCount).toBe(built?.resource.eventCount);
  });

  it("ignores facts stored under other rules", async () => {
    await page();
    await storedFactsSettled();
    await database.prisma.$executeRaw`UPDATE resource_history SET version = version + 1`;
    expect(await stored()).toBeNull();
    clearResourceStateCache();
    expect(await page()).toEqual(await rebuiltPage());
  });
});

describe("the history sweeper", () => {
  const BUSY = "busy-002";
  const busyPoll = (minute: number) =>
    record("DescribeCacheClusters", at(minute), { cacheClusterId: BUSY }, null, { actor: "monitor", readOnly: true });
  const busyCount = async () => {
    const [row] = await database.prisma.$queryRaw<Array<{ stored: number | null; events: number }>>`
      SELECT h.event_count AS stored, r.event_count AS events
      FROM resource r LEFT JOIN resource_history h ON h.resource_id = r.id WHERE r.resource_id = ${BUSY}`;
    return row;
  };

  it("stores the facts of busy resources nobody has opened, and of those far behind their events", async () => {
    await storeRecords(
      database.prisma,
      Array.from({ length: 30 }, (_, i) => busyPoll(i)),
    );
    const minEvents = 25;
    expect(await storeBusyResourceHistories(database.prisma, { minEvents })).toBe(1);
    expect(await busyCount()).toEqual({ stored: 30, events: 30 });
    expect(await storeBusyResourceHistories(database.prisma, { minEvents })).toBe(0);

    // A few new events are left for the page to catch up with; hundreds are not.
    await storeRecords(
      database.prisma,
      Array.from({ length: 10 }, (_, i) => busyPoll(100 + i)),
    );
    expect(await storeBusyResourceHistories(database.prisma, { minEvents })).toBe(0);
    await storeRecords(
      database.prisma,
      Array.from({ length: 250 }, (_, i) => busyPoll(200 + i)),
    );
    expect(await storeBusyResourceHistories(database.prisma, { minEvents })).toBe(1);
    expect(await busyCount()).toEqual({ stored: 290, events: 290 });
  });
});
