import { describe, expect, it } from "vitest";
import { configurationAt, configurationValues } from "./configuration";
import { diffConfigurations } from "./diff";
import { reconstructHistory } from "./reconstruct";
import { summariseReads } from "./reads";
import { ev } from "@/tests/fixtures/history-events";
import type { TimelineEvent } from "./types";

const ID = "cache-a";
const cluster = (over: Record<string, unknown> = {}) => ({
  cacheClusterId: ID,
  engine: "memcached",
  engineVersion: "1.6.22",
  cacheNodeType: "cache.t3.small",
  numCacheNodes: 2,
  cacheClusterStatus: "creating",
  pendingModifiedValues: {},
  ...over,
});
const create = (time: string, over: Record<string, unknown> = {}, actor = "alice") =>
  ev(
    "CreateCacheCluster",
    time,
    { cacheClusterId: ID, engine: "memcached", numCacheNodes: 2, cacheNodeType: "cache.t3.small" },
    cluster(over),
    { actor },
  );
const del = (time: string, actor = "bob") =>
  ev("DeleteCacheCluster", time, { cacheClusterId: ID }, cluster({ cacheClusterStatus: "deleting" }), { actor });
const describeCall = (time: string, actor = "datadog-integration", errorCode?: string) =>
  ev("DescribeCacheClusters", time, { cacheClusterId: ID, showCacheNodeInfo: true }, null, {
    actor,
    readOnly: true,
    errorCode,
  });

describe("ordering and duplicates", () => {
  it("sorts by time, then eventId, and drops duplicate deliveries", () => {
    const c = create("2024-01-01T00:00:00Z");
    const m1 = ev(
      "ModifyCacheCluster",
      "2024-01-02T00:00:00Z",
      { cacheClusterId: ID, numCacheNodes: 3, applyImmediately: true },
      cluster({ numCacheNodes: 3 }),
      { id: "b-second" },
    );
    const m2 = ev(
      "ModifyCacheCluster",
      "2024-01-02T00:00:00Z",
      { cacheClusterId: ID, numCacheNodes: 4, applyImmediately: true },
      cluster({ numCacheNodes: 4 }),
      { id: "a-first" },
    );
    const h = reconstructHistory("cache-cluster", ID, [m1, { ...m2 }, m2, c, { ...c }]);
    expect(h.steps.map((s) => s.eventId)).toEqual([c.eventId, "a-first", "b-second"]);
    expect(h.steps.at(-1)?.configAfter.numCacheNodes?.value).toBe(3);
    // Same input in another order gives the same history.
    expect(reconstructHistory("cache-cluster", ID, [c, m2, m1])).toEqual(h);
  });

  it("puts a create first and a delete last within the same second", () => {
    const c = create("2024-01-01T00:00:00Z");
    const tag = ev(
      "AddTagsToResource",
      "2024-01-01T00:00:00Z",
      { resourceName: `arn:aws:elasticache:eu-west-1:1:cluster:${ID}`, tags: [{ key: "a", value: "1" }] },
      null,
      { id: "000-tag" },
    );
    const h = reconstructHistory("cache-cluster", ID, [tag, { ...c, eventId: "zzz-create" }]);
    expect(h.steps.map((s) => s.eventName)).toEqual(["CreateCacheCluster", "AddTagsToResource"]);
    expect(h.lifecycles).toHaveLength(1);
  });
});

describe("lifecycles", () => {
  it("starts a new lifecycle with a fresh configuration on delete + re-create", () => {
    const first = create("2024-01-01T00:00:00Z", { engineVersion: "1.6.17" }, "alice");
    const tag = ev(
      "AddTagsToResource",
      "2024-01-05T00:00:00Z",
      { resourceName: `arn:aws:elasticache:eu-west-1:1:cluster:${ID}`, tags: [{ key: "old", value: "yes" }] },
      null,
    );
    const gone = del("2024-02-01T00:00:00Z", "bob");
    const second = create("2024-03-01T00:00:00Z", {}, "carol");
    const h = reconstructHistory("cache-cluster", ID, [second, gone, tag, first]);

    expect(h.lifecycles).toEqual([
      expect.objectContaining({
        index: 0,
        status: "deleted",
        createdBy: "alice",
        deletedBy: "bob",
        deletedAt: new Date("2024-02-01T00:00:00Z"),
      }),
      expect.objectContaining({
        index: 1,
        status: "live",
        createdBy: "carol",
        createdAt: new Date("2024-03-01T00:00:00Z"),
      }),
    ]);
    expect(h.lifecycles[1]?.deletedAt).toBeUndefined();
    expect(h.status).toBe("live");
    expect(h.steps.map((s) => s.lifecycleIndex)).toEqual([0, 0, 0, 1]);
    const last = h.steps[3]!;
    expect(last.configAfter).not.toHaveProperty("tags.old");
    expect(last.changes.every((c) => c.from === undefined)).toBe(true);
    expect(configurationValues(last.configAfter)).toMatchObject({ engineVersion: "1.6.22", status: "creating" });
    expect(configurationAt(h, new Date("2024-02-15T00:00:00Z")).status?.value).toBe("deleted");
  });

  it("puts events before any create into a lifecycle with unknown creation", () => {
    const modify = ev(
      "ModifyCacheCluster",
      "2024-01-02T00:00:00Z",
      { cacheClusterId: ID, numCacheNodes: 3, applyImmediately: true },
      cluster({ numCacheNodes: 3, cacheClusterStatus: "modifying" }),
    );
    const h = reconstructHistory("cache-cluster", ID, [modify]);
    expect(h.lifecycles).toEqual([
      { index: 0, status: "live", firstEventAt: modify.eventTime, lastEventAt: modify.eventTime },
    ]);
    // What the response reveals becomes the first known configuration.
    expect(h.steps[0]?.configAfter.engine?.value).toBe("memcached");
  });

  it("says unknown when only reads and failures were seen", () => {
    const h = reconstructHistory("cache-cluster", ID, [
      describeCall("2024-01-01T00:00:00Z"),
      ev("ModifyCacheCluster", "2024-01-01T01:00:00Z", { cacheClusterId: ID, numCacheNodes: 3 }, null, {
        errorCode: "CacheClusterNotFound",
      }),
    ]);
    expect(h.status).toBe("unknown");
    expect(h.steps.every((s) => s.changes.length === 0)).toBe(true);
    expect(h.steps[1]?.failed).toBe(true);
  });

  it("does not start a lifecycle on a failed create", () => {
    const failed = ev("CreateCacheCluster", "2024-01-01T00:00:00Z", { cacheClusterId: ID, engine: "memcached" }, null, {
      errorCode: "CacheClusterAlreadyExists",
    });
    const h = reconstructHistory("cache-cluster", ID, [failed]);
    expect(h.lifecycles[0]?.createEventId).toBeUndefined();
    expect(h.steps[0]).toMatchObject({ category: "create", failed: true, changes: [] });
    expect(h.steps[0]?.configAfter).toEqual({});
  });

  it("closes a lifecycle that a second create supersedes, and reopens after a delete when a write succeeds", () => {
    const a = create("2024-01-01T00:00:00Z");
    const b = create("2024-02-01T00:00:00Z");
    const gone = del("2024-03-01T00:00:00Z");
    const write = ev(
      "ModifyCacheCluster",
      "2024-04-01T00:00:00Z",
      { cacheClusterId: ID, numCacheNodes: 1, applyImmediately: true },
      cluster({ numCacheNodes: 1, cacheClusterStatus: "modifying" }),
    );
    const h = reconstructHistory("cache-cluster", ID, [a, b, gone, describeCall("2024-03-15T00:00:00Z"), write]);
    expect(h.lifecycles.map((l) => l.status)).toEqual(["deleted", "deleted", "live"]);
    expect(h.lifecycles[0]?.deletedAt).toBeUndefined();
    expect(h.lifecycles[2]?.createEventId).toBeUndefined();
    expect(h.steps.map((s) => s.lifecycleIndex)).toEqual([0, 1, 1, 1, 2]);
  });

  it("accounts for every configuration difference in the step's changes", () => {
    const events: TimelineEvent[] = [
      create("2024-01-01T00:00:00Z"),
      ev(
        "ModifyCacheCluster",
        "2024-01-02T00:00:00Z",
        { cacheClusterId: ID, numCacheNodes: 3 },
        cluster({ pendingModifiedValues: { numCacheNodes: 3 } }),
      ),
      ev("ModifyCacheCluster", "2024-01-03T00:00:00Z", { cacheClusterId: ID, engineVersion: "1.6.25" }, null),
      ev(
        "ModifyCacheCluster",
        "2024-01-04T00:00:00Z",
        { cacheClusterId: ID, preferredMaintenanceWindow: "sun:01:00-sun:02:00" },
        cluster({ numCacheNodes: 3, engineVersion: "1.6.25", preferredMaintenanceWindow: "sun:01:00-sun:02:00" }),
      ),
      del("2024-01-05T00:00:00Z"),
    ];
    const h = reconstructHistory("cache-cluster", ID, events);
    let before = {};
    for (const step of h.steps) {
      const diffed = new Set(diffConfigurations(before, step.configAfter).map((c) => `${c.field}:${c.status}`));
      const recorded = new Set(step.changes.map((c) => `${c.field}:${c.status}`));
      for (const d of diffed) {
        const [field] = d.split(":");
        expect(
          [...recorded].some((r) => r.startsWith(`${field}:`)),
          `${step.eventName} ${d}`,
        ).toBe(true);
      }
      before = step.configAfter;
    }
  });
});

describe("summariseReads", () => {
  it("collapses reads per UTC day, actor and operation", () => {
    const reads: TimelineEvent[] = [];
    for (let i = 0; i < 288; i += 1) {
      const t = new Date(Date.UTC(2024, 0, 1) + i * 5 * 60_000).toISOString().replace(".000", "");
      reads.push(describeCall(t));
    }
    reads.push(describeCall("2024-01-02T00:00:00Z"));
    reads.push(describeCall("2024-01-01T12:00:30Z", "alice", "AccessDenied"));
    const tags = ev(
      "ListTagsForResource",
      "2024-01-01T13:00:00Z",
      { resourceName: `arn:aws:elasticache:eu-west-1:1:cluster:${ID}` },
      null,
      { actor: "alice", readOnly: true },
    );
    const h = reconstructHistory("cache-cluster", ID, [create("2023-12-31T00:00:00Z"), ...reads, tags]);
    const summary = summariseReads(h.steps);
    expect(summary.map(({ eventIds, ...rest }) => ({ ...rest, ids: eventIds.length }))).toEqual([
      {
        day: "2024-01-01",
        actorName: "datadog-integration",
        eventName: "DescribeCacheClusters",
        count: 288,
        failedCount: 0,
        ids: 288,
      },
      { day: "2024-01-01", actorName: "alice", eventName: "DescribeCacheClusters", count: 1, failedCount: 1, ids: 1 },
      { day: "2024-01-01", actorName: "alice", eventName: "ListTagsForResource", count: 1, failedCount: 0, ids: 1 },
      {
        day: "2024-01-02",
        actorName: "datadog-integration",
        eventName: "DescribeCacheClusters",
        count: 1,
        failedCount: 0,
        ids: 1,
      },
    ]);
    expect(summary[0]?.eventIds[0]).toBe(reads[0]?.eventId);
    expect(h.steps.filter((s) => s.category === "read").every((s) => s.changes.length === 0)).toBe(true);
  });
});
