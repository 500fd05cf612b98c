import { beforeAll, describe, expect, it } from "vitest";
import {
  findResource,
  listResources,
  loadResourcePage,
  loadTimelinePage,
  timelineEvents,
  TIMELINE_PAGE_SIZE,
} from "@/lib/resources/queries";
import { parseResourceListParams } from "@/lib/resources/list-params";
import { DETAIL_LIMIT } from "@/lib/resources/facts";
import { parseTimelineParams, type TimelineParams } from "@/lib/resources/timeline-params";
import type { TimelineItem } from "@/lib/resources/types";
import { ACCOUNT, REGION, record } from "@/tests/fixtures/resource-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { testDatabaseWith } from "../helpers/database";

// One cluster over four days: created, polled, a failed modify, resized, tagged, snapshotted,
// deleted with a final snapshot, then re-created with the same id as another engine.
const ID = "tl-001";
const KEY = { accountId: ACCOUNT, region: REGION, kind: "cache-cluster", resourceId: ID };
const ARN = `arn:aws:elasticache:${REGION}:${ACCOUNT}:cluster:${ID}`;

const cluster = (engine: string, version: string, nodes: number, status: string, pending: object = {}) => ({
  cacheClusterId: ID,
  engine,
  engineVersion: version,
  cacheNodeType: "cache.t4g.small",
  numCacheNodes: nodes,
  cacheClusterStatus: status,
  cacheParameterGroup: { cacheParameterGroupName: `default.${engine}`, parameterApplyStatus: "in-sync" },
  cacheSubnetGroupName: "app-subnets",
  pendingModifiedValues: pending,
});

const at = (day: number, hh: number, mm = 0) =>
  `2025-03-0${day}T${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}:00Z`;
const describeCall = (day: number, hh: number, mm: number, opts = {}) =>
  record("DescribeCacheClusters", at(day, hh, mm), { cacheClusterId: ID, showCacheNodeInfo: true }, null, {
    actor: "monitor",
    readOnly: true,
    ...opts,
  });

function records(): unknown[] {
  const out: unknown[] = [];
  out.push(
    record(
      "CreateCacheCluster",
      at(1, 10),
      {
        cacheClusterId: ID,
        engine: "redis",
        engineVersion: "7.1",
        numCacheNodes: 1,
        cacheNodeType: "cache.t4g.small",
        cacheSubnetGroupName: "app-subnets",
      },
      cluster("redis", "7.1", 1, "creating"),
      { actor: "alice" },
    ),
  );
  for (let i = 0; i < 50; i++) out.push(describeCall(1, 11 + Math.floor(i / 6), (i % 6) * 10));
  out.push(
    record("ModifyCacheCluster", at(1, 11, 1), { cacheClusterId: ID, cacheNodeType: "cache.r7g.large" }, null, {
      actor: "bob",
      error: "AccessDenied",
    }),
  );
  for (let i = 0; i < 100; i++) out.push(describeCall(2, Math.floor(i / 6), (i % 6) * 10));
  out.push(
    record(
      "ModifyCacheCluster",
      at(2, 9, 1),
      { cacheClusterId: ID, engineVersion: "7.2", applyImmediately: true },
      cluster("redis", "7.2", 1, "modifying"),
      { actor: "alice" },
    ),
  );
  out.push(
    record(
      "AddTagsToResource",
      at(2, 9, 2),
      { resourceName: ARN, tags: [{ key: "team", value: "payments" }] },
      { tagList: [{ key: "team", value: "payments" }] },
      { actor: "alice" },
    ),
  );
  out.push(
    record(
      "CreateSnapshot",
      at(2, 9, 3),
      { cacheClusterId: ID, snapshotName: "snap-1" },
      { snapshot: { snapshotName: "snap-1", cacheClusterId: ID, snapshotStatus: "creating" } },
      { actor: "backup" },
    ),
  );
  out.push(
    record(
      "DeleteCacheCluster",
      at(3, 12),
      { cacheClusterId: ID, finalSnapshotIdentifier: "final-1" },
      cluster("redis", "7.2", 1, "deleting"),
      { actor: "alice" },
    ),
  );
  out.push(describeCall(3, 13, 0, { error: "CacheClusterNotFound" }));
  out.push(
    record(
      "CreateCacheCluster",
      at(4, 9),
      { cacheClusterId: ID, engine: "memcached", numCacheNodes: 2, cacheNodeType: "cache.t4g.small" },
      cluster("memcached", "1.6.22", 2, "creating"),
      { actor: "carol" },
    ),
  );
  for (let i = 0; i < 40; i++) out.push(describeCall(4, 10 + Math.floor(i / 6), (i % 6) * 10));
  return out;
}

const TOTAL = 198;
/** Writes, the failed one and the snapshot taken from the cluster included. */
const WRITES = 7;

const database = testDatabaseWith(records);

const page = (raw: Record<string, string> = {}) => loadResourcePage(database.prisma, KEY, parseTimelineParams(raw));

/** Every page of the timeline, following the cursors. */
async function allItems(params: TimelineParams, key = KEY): Promise<{ items: TimelineItem[]; pages: number }> {
  const first = await loadResourcePage(database.prisma, key, params);
  const items = [...first!.timeline.items];
  let cursor = first!.timeline.nextCursor;
  let pages = 1;
  while (cursor) {
    const next = await loadTimelinePage(database.prisma, key, params, cursor);
    items.push(...next!.items);
    cursor = next!.nextCursor;
    pages++;
  }
  return { items, pages };
}

describe("timeline paging", () => {
  it("pages every event exactly once, newest first, by keyset cursor", async () => {
    const { items, pages } = await allItems(parseTimelineParams({ reads: "all" }));
    expect(pages).toBe(Math.ceil(TOTAL / TIMELINE_PAGE_SIZE));
    expect(items).toHaveLength(TOTAL);
    expect(new Set(items.map((i) => i.eventId)).size).toBe(TOTAL);
    const times = items.map((i) => i.eventTime);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("pages oldest first too", async () => {
    const { items } = await allItems(parseTimelineParams({ reads: "all", order: "oldest" }));
    expect(items).toHaveLength(TOTAL);
    expect(items[0]?.eventName).toBe("CreateCacheCluster");
    expect(items.map((i) => i.eventTime)).toEqual(items.map((i) => i.eventTime).sort());
  });

  it("lists only writes (failed ones included) when reads are collapsed, and summarises the reads per day and actor", async () => {
    const p = await page();
    expect(p!.timeline.items.map((i) => i.eventName)).toEqual([
      "CreateCacheCluster",
      "DeleteCacheCluster",
      "CreateSnapshot",
      "AddTagsToResource",
      "ModifyCacheCluster",
      "ModifyCacheCluster",
      "CreateCacheCluster",
    ]);
    expect(p!.timeline.items).toHaveLength(WRITES);
    const lane = (day: string, count: number, failedCount: number, firstAt: string, lastAt: string) => ({
      day,
      actor: expect.objectContaining({ name: "monitor" }),
      eventName: "DescribeCacheClusters",
      count,
      failedCount,
      firstAt,
      lastAt,
      scope: "resource",
    });
    expect(p!.readLanes).toEqual([
      lane("2025-03-01", 50, 0, "2025-03-01T11:00:00.000Z", "2025-03-01T19:10:00.000Z"),
      lane("2025-03-02", 100, 0, "2025-03-02T00:00:00.000Z", "2025-03-02T16:30:00.000Z"),
      lane("2025-03-03", 1, 1, "2025-03-03T13:00:00.000Z", "2025-03-03T13:00:00.000Z"),
      lane("2025-03-04", 40, 0, "2025-03-04T10:00:00.000Z", "2025-03-04T16:30:00.000Z"),
    ]);
    expect(p!.windowCounts).toEqual({ events: TOTAL, reads: 191 });
  });

  it("shows a failed call as an attempt that changed nothing", async () => {
    const failed = (await page())!.timeline.items.find((i) => i.errorCode !== null)!;
    expect(failed).toMatchObject({
      eventName: "ModifyCacheCluster",
      category: "failed",
      errorCode: "AccessDenied",
      changes: [],
    });
    expect(failed.actor.name).toBe("bob");
  });

  it("filters the timeline and the read lanes to a day picked in the chart, the chart keeping the range", async () => {
    const p = await page({ day: "2025-03-02" });
    expect(p!.timeline.items.map((i) => i.eventName)).toEqual([
      "CreateSnapshot",
      "AddTagsToResource",
      "ModifyCacheCluster",
    ]);
    expect(p!.readLanes.map((l) => l.day)).toEqual(["2025-03-02"]);
    expect(p!.activity.map((d) => d.day)).toEqual(["2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04"]);
  });

  it("counts events per day by kind for the activity chart, empty days included", async () => {
    const p = await page({ from: "2025-02-28", to: "2025-03-05" });
    expect(p!.activity.map((d) => [d.day, d.total])).toEqual([
      ["2025-02-28", 0],
      ["2025-03-01", 52],
      ["2025-03-02", 103],
      ["2025-03-03", 2],
      ["2025-03-04", 41],
      ["2025-03-05", 0],
    ]);
    expect(p!.activity[1]!.counts).toEqual({ create: 1, read: 50, failed: 1 });
    expect(p!.activity[2]!.counts).toEqual({ modify: 1, tag: 1, snapshot: 1, read: 100 });
  });
});

describe("lifecycles and configuration at a point in time", () => {
  it("shows the deleted and the re-created cluster as two lifecycles", async () => {
    const p = await page();
    expect(p!.status).toBe("live");
    expect(p!.lifecycles).toEqual([
      expect.objectContaining({
        index: 0,
        status: "deleted",
        createdAt: at(1, 10).replace("Z", ".000Z"),
        deletedAt: at(3, 12).replace("Z", ".000Z"),
        deletedBy: expect.objectContaining({ name: "alice" }),
      }),
      expect.objectContaining({
        index: 1,
        status: "live",
        createdAt: at(4, 9).replace("Z", ".000Z"),
        createdBy: expect.objectContaining({ name: "carol" }),
        deletedAt: null,
      }),
    ]);
    const { items } = await allItems(parseTimelineParams({ reads: "all", order: "oldest" }));
    const lifecycleOf = (name: string, n = 0) => items.filter((i) => i.eventName === name)[n]?.lifecycleIndex;
    expect(lifecycleOf("CreateCacheCluster", 0)).toBe(0);
    expect(lifecycleOf("DeleteCacheCluster")).toBe(0);
    expect(lifecycleOf("CreateCacheCluster", 1)).toBe(1);
    expect(items.at(-1)?.lifecycleIndex).toBe(1);
  });

  it("gives the configuration in effect at any instant, with what changed since", async () => {
    const value = (p: Awaited<ReturnType<typeof page>>, field: string) =>
      p!.configuration.fields.find((f) => f.field === field)?.value;
    const latest = await page();
    expect(value(latest, "engine")).toBe("memcached");
    expect(value(latest, "numCacheNodes")).toBe("2");
    expect(value(latest, "tags.team")).toBeUndefined(); // a new lifecycle starts from nothing

    const day2 = await page({ at: at(2, 12) });
    expect(day2!.configuration.lifecycleIndex).toBe(0);
    expect(value(day2, "engine")).toBe("redis");
    expect(value(day2, "engineVersion")).toBe("7.2");
    expect(value(day2, "tags.team")).toBe("payments");
    expect(day2!.configuration.changedSince).toContain("engine redis → memcached");

    const gone = await page({ at: at(3, 18) });
    expect(value(gone, "status")).toBe("deleted");
    expect(value(gone, "finalSnapshot")).toBe("final-1");

    // The failed resize to cache.r7g.large changed nothing.
    expect(value(await page({ at: at(1, 12) }), "cacheNodeType")).toBe("cache.t4g.small");
  });

  it("links the snapshots taken from it and the groups it uses", async () => {
    const p = await page();
    const related = Object.fromEntries(
      p!.related.map((g) => [g.kind, g.resources.map((r) => r.key.resourceId).sort()]),
    );
    expect(related).toEqual({
      snapshot: ["final-1", "snap-1"],
      "parameter-group": ["default.memcached", "default.redis"],
      "subnet-group": ["app-subnets"],
    });
  });

  it("the final snapshot's own page says a delete of the cluster created it", async () => {
    const snapshot = await loadResourcePage(
      database.prisma,
      { ...KEY, kind: "snapshot", resourceId: "final-1" },
      parseTimelineParams({}),
    );
    expect(snapshot!.lifecycles[0]).toMatchObject({
      status: "live",
      createdBy: expect.objectContaining({ name: "alice" }),
    });
    expect(snapshot!.timeline.items[0]).toMatchObject({
      eventName: "DeleteCacheCluster",
      category: "create",
      role: "snapshot",
    });
  });

  it("the list derives the same status and engine from the sampled events", async () => {
    const list = await listResources(database.prisma, parseResourceListParams({ kind: "cache-cluster" }));
    // Changes: its own successful calls (not the failed one, not the snapshot taken from it).
    expect(list.rows[0]).toMatchObject({
      key: KEY,
      status: "live",
      engine: "memcached",
      engineVersion: "1.6.22",
      changeCount: 5,
      eventCount: TOTAL,
    });
  });
});

describe("a cluster with many writes", () => {
  const BUSY = { ...KEY, resourceId: "busy-001" };
  const busyArn = ARN.replace(ID, "busy-001");
  const tag = (i: number) =>
    record(
      "AddTagsToResource",
      new Date(Date.parse("2025-04-01T00:00:00Z") + i * 60_000).toISOString(),
      { resourceName: busyArn, tags: [{ key: "n", value: String(i) }] },
      null,
      { actor: "tagger" },
    );
  const read = (i: number) =>
    record(
      "DescribeCacheClusters",
      new Date(Date.parse("2025-04-01T00:00:30Z") + i * 60_000).toISOString(),
      { cacheClusterId: "busy-001" },
      null,
      { actor: "monitor", readOnly: true },
    );

  beforeAll(async () => {
    await storeRecords(database.prisma, [
      ...Array.from({ length: 230 }, (_, i) => tag(i)),
      ...Array.from({ length: 230 }, (_, i) => read(i)),
    ]);
  });

  it("pages the writes from memory exactly as the SQL keyset pages them", async () => {
    for (const order of ["newest", "oldest"] as const) {
      const { items, pages } = await allItems(parseTimelineParams({ order }), BUSY);
      expect(pages).toBe(3);
      expect(items).toHaveLength(230);
      const resource = await findResource(database.prisma, BUSY);
      const sql = await timelineEvents(database.prisma, resource!.id, {
        window: { start: null, end: null },
        order,
        includeReads: false,
        cursor: null,
        limit: 1000,
      });
      expect(items.map((i) => i.eventId)).toEqual(sql.map((r) => r.event_id));
      expect(items[0]!.changes.map((c) => c.text)).toEqual([
        order === "newest" ? "tags.n 228 → 229" : "tags.n set to 0",
      ]);
    }
  });

  it("sees events stored after the page was first built", async () => {
    const before = await loadResourcePage(database.prisma, BUSY, parseTimelineParams({}));
    await storeRecords(database.prisma, [tag(500)]);
    const after = await loadResourcePage(database.prisma, BUSY, parseTimelineParams({}));
    expect(after!.timeline.items[0]!.eventTime > before!.timeline.items[0]!.eventTime).toBe(true);
    expect(after!.configuration.fields.find((f) => f.field === "tags.n")?.value).toBe("500");
  });
});

describe("a parameter group named by more write calls than are kept in memory", () => {
  const GROUP = { ...KEY, kind: "parameter-group", resourceId: "pg-shared" };
  const CLUSTERS = DETAIL_LIMIT + 50;

  beforeAll(async () => {
    const creates = Array.from({ length: CLUSTERS }, (_, i) =>
      record(
        "CreateCacheCluster",
        new Date(Date.parse("2025-05-01T00:00:00Z") + i * 60_000).toISOString(),
        { cacheClusterId: `c-${i}`, engine: "redis", cacheParameterGroupName: "pg-shared" },
        null,
        { actor: "ci" },
      ),
    );
    await storeRecords(database.prisma, [
      record(
        "CreateCacheParameterGroup",
        "2025-04-30T12:00:00Z",
        { cacheParameterGroupName: "pg-shared", cacheParameterGroupFamily: "redis7", description: "shared" },
        null,
        { actor: "alice" },
      ),
      ...creates,
    ]);
  });

  it("pages them by SQL keyset, shown as calls that name it, and rebuilds its history from its own calls only", async () => {
    const { items, pages } = await allItems(parseTimelineParams({}), GROUP);
    expect(items).toHaveLength(CLUSTERS + 1);
    expect(pages).toBe(Math.ceil((CLUSTERS + 1) / TIMELINE_PAGE_SIZE));
    expect(new Set(items.map((i) => i.eventId)).size).toBe(CLUSTERS + 1);
    expect(items[0]).toMatchObject({
      eventName: "CreateCacheCluster",
      category: "related",
      role: "parameter-group",
      changes: [],
    });
    expect(items.at(-1)).toMatchObject({ eventName: "CreateCacheParameterGroup", category: "create" });
    const page = await loadResourcePage(database.prisma, GROUP, parseTimelineParams({}));
    expect(page!.lifecycles).toEqual([
      expect.objectContaining({ status: "live", createdBy: expect.objectContaining({ name: "alice" }) }),
    ]);
    expect(page!.activity.reduce((n, d) => n + (d.counts.related ?? 0), 0)).toBe(CLUSTERS);
  });
});
