import { describe, expect, it } from "vitest";
import { normalised, record } from "@/lib/resources/test-records";
import { batchCounters, uniqueLinks } from "./batch-counters";

const create = (id: string, time: string, actor: string) =>
  record("CreateCacheCluster", time, { cacheClusterId: id, cacheParameterGroupName: "default.redis7" }, null, { actor });

describe("batchCounters", () => {
  it("counts each actor's events with the first and last time, in key order", () => {
    const events = normalised([
      create("b", "2025-03-02T10:00:00Z", "zoe"),
      create("a", "2025-03-01T10:00:00Z", "alice"),
      create("c", "2025-03-03T10:00:00Z", "zoe"),
    ]);
    const { actors } = batchCounters(events);
    expect(actors.map((a) => [a.actor.name, a.count, a.first.toISOString(), a.last.toISOString()])).toEqual([
      ["alice", 1, "2025-03-01T10:00:00.000Z", "2025-03-01T10:00:00.000Z"],
      ["zoe", 2, "2025-03-02T10:00:00.000Z", "2025-03-03T10:00:00.000Z"],
    ]);
  });

  it("counts changes only for successful writes that target the resource, and keeps the latest one's actor", () => {
    const events = normalised([
      record("ModifyCacheCluster", "2025-03-02T10:00:00Z", { cacheClusterId: "a" }, null, { actor: "bob" }),
      create("a", "2025-03-01T10:00:00Z", "alice"),
      record("ModifyCacheCluster", "2025-03-03T10:00:00Z", { cacheClusterId: "a" }, null, { actor: "eve", error: "AccessDenied" }),
      record("DescribeCacheClusters", "2025-03-04T10:00:00Z", { cacheClusterId: "a" }, null, { actor: "dan" }),
    ]);
    const cluster = batchCounters(events).resources.find((r) => r.ref.kind === "cache-cluster")!;
    expect(cluster).toMatchObject({ count: 4, changes: 2, lastChangeActorKey: events[0]!.actor.key });
    expect(cluster.first.toISOString()).toBe("2025-03-01T10:00:00.000Z");
    expect(cluster.last.toISOString()).toBe("2025-03-04T10:00:00.000Z");
    expect(cluster.lastChangeAt?.toISOString()).toBe("2025-03-02T10:00:00.000Z");
    // The parameter group is named by the create, but not changed by it.
    const group = batchCounters(events).resources.find((r) => r.ref.kind === "parameter-group")!;
    expect(group).toMatchObject({ count: 1, changes: 0, lastChangeAt: null });
  });

  it("counts the filter-menu values, leaving out the absent ones", () => {
    const events = normalised([
      create("a", "2025-03-01T10:00:00Z", "alice"),
      record("ModifyCacheCluster", "2025-03-03T10:00:00Z", { cacheClusterId: "a" }, null, { error: "AccessDenied" }),
    ]);
    const facets = batchCounters(events).facets.map((f) => `${f.field}=${f.value}×${f.count}`);
    expect(facets).toEqual(
      expect.arrayContaining(["name=CreateCacheCluster×1", "name=ModifyCacheCluster×1", "error=AccessDenied×1", "account=111122223333×2", "region=eu-west-1×2", "agent=aws-cli×2"]),
    );
    expect(facets.filter((f) => f.startsWith("error="))).toHaveLength(1);
  });
});

describe("uniqueLinks", () => {
  it("keeps one link per resource and role", () => {
    const [event] = normalised([create("a", "2025-03-01T10:00:00Z", "alice")]);
    const doubled = { ...event!, resources: [...event!.resources, ...event!.resources] };
    expect(uniqueLinks(doubled)).toEqual(event!.resources);
  });
});
