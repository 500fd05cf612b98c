import { describe, expect, it } from "vitest";
import { listResources, loadResourcePage } from "@/lib/resources/queries";
import { parseResourceListParams } from "@/lib/resources/list-params";
import { parseTimelineParams } from "@/lib/resources/timeline-params";
import { seedRecords } from "@/tests/fixtures/resource-records";
import { testDatabaseWith } from "../helpers/database";

// The ElastiCache guide's three records: test-memcached created, described, modified.
const database = testDatabaseWith(seedRecords);
const KEY = { accountId: "123456789012", region: "us-west-2", kind: "cache-cluster", resourceId: "test-memcached" };

describe("seed records: the resources list", () => {
  it("lists test-memcached with what its events reveal", async () => {
    const list = await listResources(database.prisma, parseResourceListParams({ kind: "cache-cluster" }));
    expect(list.total).toBe(1);
    expect(list.rows[0]).toEqual({
      key: KEY,
      engine: "memcached",
      engineVersion: "1.4.14",
      status: "live",
      firstSeen: "2014-12-01T22:00:35.000Z",
      lastSeen: "2014-12-01T22:32:21.000Z",
      eventCount: 2,
      changeCount: 2,
      lastChangeAt: "2014-12-01T22:32:21.000Z",
      lastChangedBy: {
        key: "IAMUser|arn|arn:aws:iam::123456789012:user/elasticache-allow",
        name: "elasticache-allow",
        type: "IAMUser",
      },
    });
  });

  it("counts every kind seen, the parameter group named in the responses too", async () => {
    const list = await listResources(database.prisma, parseResourceListParams({}));
    expect(list.kindCounts).toEqual({ "cache-cluster": 1, "parameter-group": 1 });
    expect(list.accounts).toEqual(["123456789012"]);
    expect(list.regions).toEqual(["us-west-2"]);
    const group = list.rows.find((r) => r.key.kind === "parameter-group");
    // Named by the cluster's calls, never written itself.
    expect(group).toMatchObject({ key: { resourceId: "default.memcached1.4" }, status: "unknown", changeCount: 0 });
  });
});

describe("seed records: test-memcached's page", () => {
  it("is created by elasticache-allow at 22:00:35 UTC, with the request + response configuration", async () => {
    const page = await loadResourcePage(database.prisma, KEY, parseTimelineParams({}));
    expect(page).not.toBeNull();
    expect(page!.status).toBe("live");
    expect(page!.lifecycles).toEqual([
      expect.objectContaining({
        index: 0,
        status: "live",
        createdAt: "2014-12-01T22:00:35.000Z",
        createdBy: expect.objectContaining({ name: "elasticache-allow" }),
        createEventId: "92762127-7a68-42ce-8787-927d2174cde1",
        deletedAt: null,
      }),
    ]);
    const fields = Object.fromEntries(page!.configuration.fields.map((f) => [f.field, f]));
    expect(fields.engine?.value).toBe("memcached");
    expect(fields.engineVersion?.value).toBe("1.4.14");
    expect(fields.cacheNodeType?.value).toBe("cache.m1.small");
    expect(fields.aZMode?.value).toBe("cross-az");
    expect(fields.parameterGroup?.value).toBe("default.memcached1.4");
    expect(fields.numCacheNodes).toMatchObject({ value: "2", pending: "3" });
  });

  it("lists the modify (numCacheNodes 2 → 3 pending) above the create, each linked to its event", async () => {
    const page = await loadResourcePage(database.prisma, KEY, parseTimelineParams({}));
    const items = page!.timeline.items;
    expect(items.map((i) => [i.eventName, i.category, i.eventTime])).toEqual([
      ["ModifyCacheCluster", "modify", "2014-12-01T22:32:21.000Z"],
      ["CreateCacheCluster", "create", "2014-12-01T22:00:35.000Z"],
    ]);
    expect(items[0]!.changes.map((c) => c.text)).toContain("numCacheNodes 2 → 3 (pending, apply immediately)");
    expect(items[0]!.actor.name).toBe("elasticache-allow");
    expect(items[1]!.changes.map((c) => c.text)).toContain("numCacheNodes set to 2");
    expect(page!.timeline.nextCursor).toBeNull();
  });

  it("has no read lane: the seed Describe names no cluster, so the ingest links it to none", async () => {
    const page = await loadResourcePage(database.prisma, KEY, parseTimelineParams({ reads: "all" }));
    expect(page!.readLanes).toEqual([]);
    expect(page!.windowCounts).toEqual({ events: 2, reads: 0 });
    expect(page!.timeline.items.map((i) => i.eventName)).not.toContain("DescribeCacheClusters");
    const days = page!.activity.filter((d) => d.total > 0);
    expect(days).toEqual([{ day: "2014-12-01", total: 2, counts: { create: 1, modify: 1 } }]);
  });

  it("shows the Describe apart, by default, as an account-wide read that may have listed the cluster", async () => {
    const lane = {
      day: "2014-12-01",
      actor: expect.objectContaining({ name: "elasticache-allow" }),
      eventName: "DescribeCacheClusters",
      count: 1,
      failedCount: 0,
      firstAt: "2014-12-01T22:01:00.000Z",
      lastAt: "2014-12-01T22:01:00.000Z",
      scope: "account",
    };
    const page = await loadResourcePage(database.prisma, KEY, parseTimelineParams({}));
    expect(page!.timeline.accountReads).toEqual({
      eventName: "DescribeCacheClusters",
      lanes: [lane],
      // The period the cluster was seen in: its first event to just past its last.
      searched: { start: "2014-12-01T22:00:35.000Z", end: "2014-12-01T22:32:21.001Z" },
      truncated: false,
    });
    // Still not an event of the cluster, nor one of its own read lanes.
    expect(page!.readLanes).toEqual([]);
    expect(page!.windowCounts).toEqual({ events: 2, reads: 0 });

    // Links made when they were hidden by default ask for what is now the default.
    const old = await loadResourcePage(database.prisma, KEY, parseTimelineParams({ accountReads: "show" }));
    expect(old!.timeline.accountReads?.lanes).toEqual([lane]);
    const oldest = await loadResourcePage(database.prisma, KEY, parseTimelineParams({ order: "oldest" }));
    expect(oldest!.timeline.accountReads?.lanes).toEqual([lane]);
  });

  it("hides account-wide reads with accountReads=hide", async () => {
    const page = await loadResourcePage(database.prisma, KEY, parseTimelineParams({ accountReads: "hide" }));
    expect(page!.timeline.accountReads).toBeNull();
    expect(page!.timeline.items).toHaveLength(2);
  });

  it("answers the configuration as of any instant, and what has changed since", async () => {
    const before = await loadResourcePage(database.prisma, KEY, parseTimelineParams({ at: "2014-12-01T21:59:59Z" }));
    expect(before!.configuration).toMatchObject({ asOf: "2014-12-01T21:59:59.000Z", fields: [], lifecycleIndex: null });

    const between = await loadResourcePage(database.prisma, KEY, parseTimelineParams({ at: "2014-12-01T22:10:00Z" }));
    const nodes = between!.configuration.fields.find((f) => f.field === "numCacheNodes");
    expect(nodes).toMatchObject({ value: "2", pending: null });
    expect(between!.configuration.changedSince).toContain("numCacheNodes 2 → 3 (pending)");
  });

  it("oldest first reverses the timeline", async () => {
    const page = await loadResourcePage(database.prisma, KEY, parseTimelineParams({ order: "oldest" }));
    expect(page!.timeline.items.map((i) => i.eventName)).toEqual(["CreateCacheCluster", "ModifyCacheCluster"]);
  });

  it("finds the cluster whatever the case of the id in the URL, and nothing for an unknown one", async () => {
    expect(
      (await loadResourcePage(database.prisma, { ...KEY, resourceId: "Test-Memcached" }, parseTimelineParams({})))
        ?.resource.key,
    ).toEqual(KEY);
    expect(await loadResourcePage(database.prisma, { ...KEY, resourceId: "nope" }, parseTimelineParams({}))).toBeNull();
  });
});
