import { describe, expect, it } from "vitest";
import { ev } from "@/tests/fixtures/history-events";
import { configurationValues } from "./configuration";
import { describeChange } from "./describe-change";
import { extendHistory, reconstructHistory } from "./reconstruct";

// Rule 1 (pending, then applied now) and failed calls around a creation (issue 14's "Also found").

const ID = "sessions-memcached";
const cluster = (nodes: number, pending: Record<string, unknown>, status = "modifying") => ({
  cacheClusterId: ID,
  engine: "memcached",
  engineVersion: "1.6.22",
  cacheNodeType: "cache.t4g.small",
  numCacheNodes: nodes,
  cacheClusterStatus: status,
  pendingModifiedValues: pending,
});
const create = ev(
  "CreateCacheCluster",
  "2026-11-01T09:00:00Z",
  { cacheClusterId: ID, engine: "memcached", numCacheNodes: 2, cacheNodeType: "cache.t4g.small" },
  cluster(2, {}, "creating"),
  { actor: "alice" },
);
const later = ev(
  "ModifyCacheCluster",
  "2026-11-02T09:00:00Z",
  { cacheClusterId: ID, numCacheNodes: 4, applyImmediately: false },
  cluster(2, { numCacheNodes: 4 }, "available"),
  { actor: "alice" },
);
const now = ev(
  "ModifyCacheCluster",
  "2026-11-02T15:30:00Z",
  { cacheClusterId: ID, numCacheNodes: 4, applyImmediately: true },
  cluster(2, { numCacheNodes: 4 }),
  { actor: "bob" },
);
const done = ev(
  "ModifyCacheCluster",
  "2026-11-02T16:00:00Z",
  { cacheClusterId: ID, snapshotRetentionLimit: 0 },
  { ...cluster(4, {}, "available"), snapshotRetentionLimit: 0 },
  { actor: "carol" },
);

describe("pending, then applied now", () => {
  it("makes the call that asks again with applyImmediately a change of its own, by its caller", () => {
    const h = reconstructHistory("cache-cluster", ID, [create, later, now]);
    const step = h.steps[2]!;
    expect(step).toMatchObject({ actorName: "bob", category: "modify" });
    expect(step.changes).toEqual([
      { field: "numCacheNodes", from: 2, to: 4, status: "pending", note: "apply immediately" },
      { field: "status", from: "available", to: "modifying", status: "applied" },
    ]);
    expect(describeChange(step.changes[0]!)).toBe("numCacheNodes 2 → 4 (pending, apply immediately)");
    expect(describeChange(h.steps[1]!.changes[0]!)).toBe("numCacheNodes 2 → 4 (pending, next maintenance window)");
    expect(step.configAfter.numCacheNodes).toEqual({ value: 2, pending: 4 });
  });

  it("is not a change when the same value is asked again to wait for the window", () => {
    const again = { ...later, eventId: "again", eventTime: new Date("2026-11-02T10:00:00Z") };
    const h = reconstructHistory("cache-cluster", ID, [create, later, again]);
    expect(h.steps[2]?.changes).toEqual([]);
  });

  it("shows the value applied when a later response reports it, and a moved pending value as a change", () => {
    const h = reconstructHistory("cache-cluster", ID, [create, later, now, done]);
    expect(h.steps[3]?.changes).toContainEqual({
      field: "numCacheNodes",
      from: 2,
      to: 4,
      status: "applied",
      note: "pending change applied",
    });
    const moved = ev(
      "ModifyCacheCluster",
      "2026-11-02T15:45:00Z",
      { cacheClusterId: ID, numCacheNodes: 5, applyImmediately: true },
      cluster(2, { numCacheNodes: 5 }),
      { actor: "dave" },
    );
    const m = reconstructHistory("cache-cluster", ID, [create, later, now, moved]);
    expect(m.steps[3]?.changes[0]).toEqual({
      field: "numCacheNodes",
      from: 2,
      to: 5,
      status: "pending",
      note: "apply immediately",
    });
  });

  it("places the applying call where it belongs when it is delivered after the history was stored", () => {
    const stored = reconstructHistory("cache-cluster", ID, [create, later, done]);
    expect(extendHistory(stored, [now])).toBeNull();
    const rebuilt = reconstructHistory("cache-cluster", ID, [done, now, later, create]);
    expect(rebuilt.steps.map((s) => s.actorName)).toEqual(["alice", "alice", "bob", "carol"]);
    expect(rebuilt.steps[2]?.changes[0]?.note).toBe("apply immediately");
    // Delivered in order, extending gives what rebuilding gives.
    expect(extendHistory(reconstructHistory("cache-cluster", ID, [create, later]), [now, done])).toEqual(rebuilt);
  });
});

describe("failed calls and lifecycles", () => {
  const denied = ev(
    "CreateCacheCluster",
    "2026-11-01T08:59:15Z",
    { cacheClusterId: ID, engine: "memcached", numCacheNodes: 2 },
    null,
    { actor: "alice", errorCode: "AccessDenied" },
  );

  it("a failed call 45 s before the creation opens no lifecycle of its own", () => {
    const h = reconstructHistory("cache-cluster", ID, [create, denied]);
    expect(h.lifecycles).toEqual([
      {
        index: 0,
        status: "live",
        createdAt: create.eventTime,
        createdBy: "alice",
        createEventId: create.eventId,
        firstEventAt: denied.eventTime,
        lastEventAt: create.eventTime,
      },
    ]);
    expect(h.steps.map((s) => [s.lifecycleIndex, s.failed])).toEqual([
      [0, true],
      [0, false],
    ]);
    expect(configurationValues(h.steps[0]!.configAfter)).toEqual({});
  });

  it("gives the same lifecycle when the creation extends a stored history of the failed call", () => {
    const stored = reconstructHistory("cache-cluster", ID, [denied]);
    expect(stored.lifecycles).toMatchObject([{ index: 0, status: "unknown" }]);
    expect(extendHistory(stored, [create])).toEqual(reconstructHistory("cache-cluster", ID, [denied, create]));
  });

  it("successful reads before a creation still show an earlier incarnation, and failed deletes end nothing", () => {
    const read = ev("DescribeCacheClusters", "2026-11-01T08:00:00Z", { cacheClusterId: ID }, null, { readOnly: true });
    expect(reconstructHistory("cache-cluster", ID, [read, create]).lifecycles).toHaveLength(2);
    const failedDelete = ev("DeleteCacheCluster", "2026-11-03T09:00:00Z", { cacheClusterId: ID }, null, {
      errorCode: "InvalidCacheClusterState",
    });
    const h = reconstructHistory("cache-cluster", ID, [create, failedDelete]);
    expect(h.lifecycles).toMatchObject([{ index: 0, status: "live" }]);
    expect(h.lifecycles[0]?.deletedAt).toBeUndefined();
  });
});
