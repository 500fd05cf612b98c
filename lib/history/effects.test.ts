import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { ev } from "@/tests/fixtures/history-events";
import { configurationValues } from "./configuration";
import { EFFECTS, effectsOf, INFERRED_EFFECTS } from "./effects";
import { extendHistory, reconstructHistory } from "./reconstruct";
import type { ResourceHistory, TimelineEvent } from "./types";

// One case per row of the effects table (effects.ts): the affected resource's history with and
// without the causing event, in time order and delivered late.

const RG = "payments-redis";
const M1 = "payments-redis-001";
const M2 = "payments-redis-002";
const M3 = "payments-redis-003";

const members = (ids: string[], primary = M1) => ({
  memberClusters: ids,
  nodeGroups: [
    {
      nodeGroupId: "0001",
      status: "available",
      nodeGroupMembers: ids.map((id) => ({
        cacheClusterId: id,
        cacheNodeId: "0001",
        currentRole: id === primary ? "primary" : "replica",
      })),
    },
  ],
});

const group = (status: string, ids: string[], extra: Record<string, unknown> = {}) => ({
  replicationGroupId: RG,
  description: "payments",
  status,
  ...members(ids),
  automaticFailover: "enabled",
  cacheNodeType: "cache.r6g.large",
  transitEncryptionEnabled: true,
  atRestEncryptionEnabled: true,
  authTokenEnabled: true,
  pendingModifiedValues: {},
  ...extra,
});

const createGroup = ev(
  "CreateReplicationGroup",
  "2026-11-01T09:00:00Z",
  {
    replicationGroupId: RG,
    replicationGroupDescription: "payments",
    engine: "redis",
    engineVersion: "7.1",
    cacheNodeType: "cache.r6g.large",
    numCacheClusters: 2,
    cacheParameterGroupName: "default.redis7",
    securityGroupIds: ["sg-0a1b2c3d"],
    preferredMaintenanceWindow: "sun:05:00-sun:06:00",
    snapshotRetentionLimit: 1,
    transitEncryptionEnabled: true,
    atRestEncryptionEnabled: true,
    authToken: "***MASKED***",
    userGroupIds: [],
  },
  group("creating", [M1, M2]),
  { actor: "alice.ops" },
);

const valuesAt = (h: ResourceHistory, i = -1) => configurationValues(h.steps.at(i)!.configAfter);

/** The history with `cause` delivered after the others had been folded (and stored). */
function deliveredLate(kind: ResourceKind, id: string, earlier: TimelineEvent[], cause: TimelineEvent) {
  const stored = reconstructHistory(kind, id, earlier);
  const extended = extendHistory(stored, [cause]);
  return extended ?? reconstructHistory(kind, id, [...earlier, cause]);
}

/**
 * Out-of-order delivery, one case per row of the effects table (`operation → affects`): the affected
 * resource's history is stored from `stored` (which holds an event later than `cause`), then `cause` arrives.
 * The result must equal the history folded in time order, and `cause` must have changed the resource there.
 */
interface LateCase {
  row: string;
  kind: ResourceKind;
  id: string;
  stored: TimelineEvent[];
  cause: TimelineEvent;
}
const lateRows = new Set<string>();

function eachDeliveredLate(cases: LateCase[]): void {
  for (const c of cases) lateRows.add(c.row);
  it.each(cases)("$row, delivered after the affected history was stored, is placed in time", (c) => {
    expect(c.stored.some((e) => e.eventTime > c.cause.eventTime)).toBe(true);
    const late = deliveredLate(c.kind, c.id, c.stored, c.cause);
    const inOrder = reconstructHistory(c.kind, c.id, [...c.stored, c.cause]);
    expect(late).toEqual(inOrder);
    expect(late.steps.map((s) => s.eventId)).toEqual(
      [...c.stored, c.cause].sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime()).map((e) => e.eventId),
    );
    expect(late.steps.find((s) => s.eventId === c.cause.eventId)?.cause).toBeDefined();
  });
}

/** An event of the resource itself at `time` (a reboot, a description change…). */
const own = (eventName: string, time: string, params: Record<string, unknown>) => ev(eventName, time, params);

describe("replication group → member clusters", () => {
  it("CreateReplicationGroup starts each member's lifecycle with the group's settings, caused by the group", () => {
    const h = reconstructHistory("cache-cluster", M2, [createGroup]);
    expect(h.lifecycles).toMatchObject([
      { index: 0, status: "live", createdBy: "alice.ops", createEventId: createGroup.eventId },
    ]);
    expect(valuesAt(h)).toEqual({
      replicationGroupId: RG,
      engine: "redis",
      engineVersion: "7.1",
      cacheNodeType: "cache.r6g.large",
      parameterGroup: "default.redis7",
      securityGroups: ["sg-0a1b2c3d"],
      preferredMaintenanceWindow: "sun:05:00-sun:06:00",
      snapshotRetentionLimit: 1,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      authTokenEnabled: true,
      status: "creating",
      nodeGroupId: "0001",
      currentRole: "replica",
    });
    expect(h.steps[0]?.cause).toEqual({ kind: "replication-group", resourceId: RG });
    expect(h.steps[0]?.category).toBe("create");
  });

  it("CreateReplicationGroup around an existing cluster (primaryClusterId) makes it the primary, without re-creating it", () => {
    const existing = ev("CreateCacheCluster", "2026-10-01T09:00:00Z", {
      cacheClusterId: M1,
      engine: "redis",
      cacheNodeType: "cache.r6g.large",
      numCacheNodes: 1,
    });
    const around = ev(
      "CreateReplicationGroup",
      "2026-11-01T09:00:00Z",
      { replicationGroupId: RG, replicationGroupDescription: "payments", primaryClusterId: M1, numCacheClusters: 2 },
      { replicationGroupId: RG, status: "creating", memberClusters: [M1, M2] },
    );
    const h = reconstructHistory("cache-cluster", M1, [existing, around]);
    expect(h.lifecycles).toHaveLength(1);
    expect(h.steps[1]?.changes).toEqual([
      { field: "replicationGroupId", from: undefined, to: RG, status: "applied" },
      { field: "currentRole", from: undefined, to: "primary", status: "applied" },
    ]);
    expect(valuesAt(h).cacheNodeType).toBe("cache.r6g.large");
    expect(reconstructHistory("cache-cluster", M2, [around]).lifecycles[0]?.createEventId).toBe(around.eventId);
  });

  const modifyType = ev(
    "ModifyReplicationGroup",
    "2026-11-02T10:00:00Z",
    { replicationGroupId: RG, cacheNodeType: "cache.r6g.xlarge", applyImmediately: true },
    group("modifying", [M1, M2], { cacheNodeType: "cache.r6g.xlarge" }),
    { actor: "alice.ops" },
  );

  it("ModifyReplicationGroup changes every member from the call's time, with the group call's status", () => {
    const h = reconstructHistory("cache-cluster", M1, [modifyType, createGroup]);
    expect(h.steps[1]?.changes).toEqual([
      {
        field: "cacheNodeType",
        from: "cache.r6g.large",
        to: "cache.r6g.xlarge",
        status: "applied",
        note: "apply immediately",
      },
    ]);
    expect(h.steps[1]?.cause).toEqual({ kind: "replication-group", resourceId: RG });
    expect(h.steps[1]?.category).toBe("modify");
    expect(valuesAt(h).cacheNodeType).toBe("cache.r6g.xlarge");
    expect(valuesAt(h, 0).cacheNodeType).toBe("cache.r6g.large");
  });

  it("ModifyReplicationGroup's pending and requested values stay pending and requested on the member", () => {
    const deferred = ev(
      "ModifyReplicationGroup",
      "2026-11-02T10:00:00Z",
      {
        replicationGroupId: RG,
        engineVersion: "7.1.1",
        cacheParameterGroupName: "payments-redis7",
        preferredMaintenanceWindow: "mon:03:00-mon:04:00",
        snapshotWindow: "02:00-03:00",
        securityGroupIds: ["sg-0fff"],
        applyImmediately: false,
      },
      group("available", [M1, M2], { snapshotWindow: "02:00-03:00" }),
    );
    const h = reconstructHistory("cache-cluster", M1, [createGroup, deferred]);
    const byField = Object.fromEntries(h.steps[1]!.changes.map((c) => [c.field, c.status]));
    // Replication group responses carry no engine version, parameter group, window or security groups.
    expect(byField).toEqual({
      engineVersion: "requested",
      parameterGroup: "requested",
      preferredMaintenanceWindow: "requested",
      snapshotWindow: "applied",
      securityGroups: "requested",
    });
    expect(h.steps[1]!.configAfter.engineVersion).toEqual({ value: "7.1", requested: "7.1.1" });
  });

  it("ModifyReplicationGroup rotating the auth token records the rotation on each member", () => {
    const rotate = ev(
      "ModifyReplicationGroup",
      "2026-11-03T10:00:00Z",
      { replicationGroupId: RG, authToken: "***MASKED***", authTokenUpdateStrategy: "ROTATE", applyImmediately: true },
      group("modifying", [M1, M2], { pendingModifiedValues: { authTokenStatus: "ROTATING" } }),
      { actor: "bob.sec" },
    );
    const h = reconstructHistory("cache-cluster", M2, [createGroup, rotate]);
    expect(h.steps[1]?.changes).toEqual([
      { field: "authToken", from: null, to: null, status: "pending", note: "auth token rotated" },
    ]);
    expect(h.steps[1]?.cause).toEqual({ kind: "replication-group", resourceId: RG });
  });

  it("ModifyReplicationGroup that changes nothing members share leaves them as they were, with no cause", () => {
    const describe = ev(
      "ModifyReplicationGroup",
      "2026-11-02T10:00:00Z",
      { replicationGroupId: RG, replicationGroupDescription: "payments v2" },
      group("available", [M1, M2], { description: "payments v2" }),
    );
    const h = reconstructHistory("cache-cluster", M1, [createGroup, describe]);
    expect(h.steps[1]?.changes).toEqual([]);
    expect(h.steps[1]?.cause).toBeUndefined();
  });

  const increase = ev(
    "IncreaseReplicaCount",
    "2026-11-04T10:00:00Z",
    { replicationGroupId: RG, newReplicaCount: 2, applyImmediately: true },
    group("modifying", [M1, M2, M3]),
    { actor: "carol.sre" },
  );

  it("IncreaseReplicaCount starts the lifecycle of a member not seen before, and only of it", () => {
    const added = reconstructHistory("cache-cluster", M3, [increase]);
    expect(added.lifecycles).toMatchObject([
      { status: "live", createdBy: "carol.sre", createEventId: increase.eventId },
    ]);
    expect(valuesAt(added)).toEqual({
      replicationGroupId: RG,
      cacheNodeType: "cache.r6g.large",
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      authTokenEnabled: true,
      status: "creating",
      nodeGroupId: "0001",
      currentRole: "replica",
    });
    const existing = reconstructHistory("cache-cluster", M1, [createGroup, increase]);
    expect(existing.lifecycles).toHaveLength(1);
    expect(existing.steps[1]?.changes).toEqual([]);
  });

  const CM = "orders-redis";
  const shardGroup = (status: string, shards: string[]) => ({
    replicationGroupId: CM,
    status,
    clusterEnabled: true,
    memberClusters: shards.flatMap((s) => [`${CM}-${s}-001`, `${CM}-${s}-002`]),
    nodeGroups: shards.map((s) => ({
      nodeGroupId: s,
      nodeGroupMembers: [{ cacheClusterId: `${CM}-${s}-001` }, { cacheClusterId: `${CM}-${s}-002` }],
    })),
    cacheNodeType: "cache.r6g.large",
    pendingModifiedValues: {},
  });
  const create = ev(
    "CreateReplicationGroup",
    "2026-11-01T09:00:00Z",
    {
      replicationGroupId: CM,
      replicationGroupDescription: "orders",
      numNodeGroups: 2,
      replicasPerNodeGroup: 1,
      engine: "redis",
    },
    shardGroup("creating", ["0001", "0002"]),
  );
  const grow = ev(
    "ModifyReplicationGroupShardConfiguration",
    "2026-11-05T10:00:00Z",
    { replicationGroupId: CM, nodeGroupCount: 3, applyImmediately: true },
    shardGroup("modifying", ["0001", "0002", "0003"]),
    { actor: "carol.sre" },
  );
  const shrink = ev(
    "ModifyReplicationGroupShardConfiguration",
    "2026-11-06T10:00:00Z",
    { replicationGroupId: CM, nodeGroupCount: 2, nodeGroupsToRemove: ["0002"], applyImmediately: true },
    shardGroup("modifying", ["0001", "0002", "0003"]),
    { actor: "carol.sre" },
  );

  it("ModifyReplicationGroupShardConfiguration creates members of new shards and deletes those of removed shards", () => {
    // Only the events that name it reach a resource's history: not the create that predates it.
    const added = reconstructHistory("cache-cluster", `${CM}-0003-002`, [grow, shrink]);
    expect(added.lifecycles).toMatchObject([{ status: "live", createEventId: grow.eventId }]);
    expect(valuesAt(added).nodeGroupId).toBe("0003");
    const removed = reconstructHistory("cache-cluster", `${CM}-0002-001`, [create, grow, shrink]);
    expect(removed.lifecycles).toMatchObject([
      { status: "deleted", createEventId: create.eventId, deleteEventId: shrink.eventId, deletedBy: "carol.sre" },
    ]);
    const kept = reconstructHistory("cache-cluster", `${CM}-0001-001`, [create, grow, shrink]);
    expect(kept.status).toBe("live");
    expect(kept.steps.map((s) => s.changes.length)).toEqual([kept.steps[0]!.changes.length, 0, 0]);
  });

  it("DecreaseReplicaCount ends the lifecycle of the replicas it removes", () => {
    const decrease = ev(
      "DecreaseReplicaCount",
      "2026-11-07T10:00:00Z",
      { replicationGroupId: RG, replicasToRemove: [M3], applyImmediately: true },
      group("modifying", [M1, M2, M3]),
    );
    const h = reconstructHistory("cache-cluster", M3, [increase, decrease]);
    expect(h.lifecycles).toMatchObject([{ status: "deleted", deleteEventId: decrease.eventId }]);
    expect(reconstructHistory("cache-cluster", M2, [createGroup, decrease]).status).toBe("live");
  });

  it("TestFailover swaps the roles of a two-member shard, or takes the reported ones", () => {
    const failover = ev(
      "TestFailover",
      "2026-11-08T03:12:00Z",
      { replicationGroupId: RG, nodeGroupId: "0001" },
      group("modifying", [M1, M2]),
    );
    const h = reconstructHistory("cache-cluster", M2, [createGroup, failover]);
    expect(h.steps[1]?.changes).toEqual([
      {
        field: "currentRole",
        from: "replica",
        to: "primary",
        status: "applied",
        note: "TestFailover (the only replica promoted)",
      },
    ]);
    expect(h.steps[1]?.cause).toEqual({ kind: "replication-group", resourceId: RG });
    expect(valuesAt(reconstructHistory("cache-cluster", M1, [createGroup, failover])).currentRole).toBe("replica");
    const reported = {
      ...failover,
      eventId: "reported",
      responseElements: { ...group("modifying", [M1, M2]), ...members([M1, M2], M2) },
    };
    expect(reconstructHistory("cache-cluster", M2, [createGroup, reported]).steps[1]?.changes).toEqual([
      { field: "currentRole", from: "replica", to: "primary", status: "applied" },
    ]);
  });

  it("TestFailover on a shard of three: the primary becomes a replica, the replicas' roles unknown", () => {
    const three = ev(
      "CreateReplicationGroup",
      "2026-11-01T09:00:00Z",
      { replicationGroupId: RG, numCacheClusters: 3 },
      group("creating", [M1, M2, M3]),
    );
    const failover = ev(
      "TestFailover",
      "2026-11-08T03:12:00Z",
      { replicationGroupId: RG, nodeGroupId: "0001" },
      group("modifying", [M1, M2, M3]),
    );
    expect(valuesAt(reconstructHistory("cache-cluster", M1, [three, failover])).currentRole).toBe("replica");
    expect(reconstructHistory("cache-cluster", M3, [three, failover]).steps[1]?.changes).toEqual([
      {
        field: "currentRole",
        from: "replica",
        to: undefined,
        status: "applied",
        note: "failover: new primary not reported",
      },
    ]);
  });

  it("DeleteReplicationGroup ends every member, but a retained primary lives on outside the group", () => {
    const del = ev(
      "DeleteReplicationGroup",
      "2026-11-09T10:00:00Z",
      { replicationGroupId: RG, finalSnapshotIdentifier: "payments-final" },
      group("deleting", [M1, M2]),
    );
    expect(reconstructHistory("cache-cluster", M2, [createGroup, del]).lifecycles).toMatchObject([
      { status: "deleted", deleteEventId: del.eventId },
    ]);
    const retain = ev(
      "DeleteReplicationGroup",
      "2026-11-09T10:00:00Z",
      { replicationGroupId: RG, retainPrimaryCluster: true },
      group("deleting", [M1, M2]),
    );
    const primary = reconstructHistory("cache-cluster", M1, [createGroup, retain]);
    expect(primary.status).toBe("live");
    expect(valuesAt(primary).replicationGroupId).toBeNull();
    expect(reconstructHistory("cache-cluster", M2, [createGroup, retain]).status).toBe("deleted");
  });

  const reboot = (id: string, time: string) => own("RebootCacheCluster", time, { cacheClusterId: id });
  eachDeliveredLate([
    {
      row: "CreateReplicationGroup → cache-cluster",
      kind: "cache-cluster",
      id: M2,
      stored: [reboot(M2, "2026-11-03T00:00:00Z")],
      cause: createGroup,
    },
    {
      row: "ModifyReplicationGroup → cache-cluster",
      kind: "cache-cluster",
      id: M1,
      stored: [createGroup, reboot(M1, "2026-11-03T00:00:00Z")],
      cause: modifyType,
    },
    {
      row: "IncreaseReplicaCount → cache-cluster",
      kind: "cache-cluster",
      id: M3,
      stored: [reboot(M3, "2026-11-05T00:00:00Z")],
      cause: increase,
    },
    {
      row: "ModifyReplicationGroupShardConfiguration → cache-cluster",
      kind: "cache-cluster",
      id: `${CM}-0003-002`,
      stored: [reboot(`${CM}-0003-002`, "2026-11-05T12:00:00Z")],
      cause: grow,
    },
    {
      row: "DecreaseReplicaCount → cache-cluster",
      kind: "cache-cluster",
      id: M3,
      stored: [increase, reboot(M3, "2026-11-08T00:00:00Z")],
      cause: ev("DecreaseReplicaCount", "2026-11-07T10:00:00Z", { replicationGroupId: RG, replicasToRemove: [M3] }),
    },
    {
      row: "TestFailover → cache-cluster",
      kind: "cache-cluster",
      id: M2,
      stored: [createGroup, reboot(M2, "2026-11-09T00:00:00Z")],
      cause: ev(
        "TestFailover",
        "2026-11-08T03:12:00Z",
        { replicationGroupId: RG, nodeGroupId: "0001" },
        group("modifying", [M1, M2]),
      ),
    },
    {
      row: "DeleteReplicationGroup → cache-cluster",
      kind: "cache-cluster",
      id: M2,
      stored: [createGroup, reboot(M2, "2026-11-10T00:00:00Z")],
      cause: ev(
        "DeleteReplicationGroup",
        "2026-11-09T10:00:00Z",
        { replicationGroupId: RG },
        group("deleting", [M1, M2]),
      ),
    },
  ]);
});

describe("members whose ids the event does not name (derived from the request, role derived)", () => {
  const derived = (e: TimelineEvent): TimelineEvent => ({ ...e, derived: true });
  const nullCreate = (params: Record<string, unknown>) =>
    ev(
      "CreateReplicationGroup",
      "2026-11-01T09:00:00Z",
      {
        replicationGroupId: RG,
        replicationGroupDescription: "payments",
        engine: "redis",
        engineVersion: "7.1",
        cacheNodeType: "cache.r6g.large",
        transitEncryptionEnabled: true,
        ...params,
      },
      null,
      { actor: "alice.ops" },
    );

  it.each([
    {
      name: "numCacheClusters",
      params: { numCacheClusters: 3 },
      effect: { resourceIds: [M1, M2, M3], derived: true },
    },
    {
      name: "numNodeGroups × replicasPerNodeGroup",
      params: { numNodeGroups: 2, replicasPerNodeGroup: 1 },
      effect: { resourceIds: [`${RG}-0001-001`, `${RG}-0001-002`, `${RG}-0002-001`, `${RG}-0002-002`], derived: true },
    },
    {
      name: "nodeGroupConfiguration with shard ids and replica counts",
      params: {
        nodeGroupConfiguration: [
          { nodeGroupId: "0001", replicaCount: 0 },
          { nodeGroupId: "0007", replicaAvailabilityZones: ["eu-west-1a"] },
        ],
      },
      effect: { resourceIds: [`${RG}-0001-001`, `${RG}-0007-001`, `${RG}-0007-002`], derived: true },
    },
    {
      name: "around an existing cluster (primaryClusterId): the others are not named",
      params: { primaryClusterId: "legacy-cache", numCacheClusters: 2 },
      effect: { resourceIds: [], unnamed: null },
    },
    { name: "no node count in the request", params: {}, effect: { resourceIds: [], unnamed: null } },
  ])("CreateReplicationGroup with a null response, $name: the causing side lists them", ({ params, effect }) => {
    const h = reconstructHistory("replication-group", RG, [nullCreate(params)]);
    expect(h.steps[0]?.effects?.find((e) => e.kind === "cache-cluster")).toEqual({
      kind: "cache-cluster",
      fields: ["created"],
      ...effect,
    });
  });

  it("CreateReplicationGroup with a null response starts a derived member's lifecycle from the request", () => {
    const create = nullCreate({ numNodeGroups: 2, replicasPerNodeGroup: 1 });
    const id = `${RG}-0002-002`;
    const h = reconstructHistory("cache-cluster", id, [derived(create)]);
    expect(h.lifecycles).toMatchObject([
      { status: "live", createdBy: "alice.ops", createEventId: create.eventId, createdAt: create.eventTime },
    ]);
    expect(h.steps[0]?.cause).toEqual({ kind: "replication-group", resourceId: RG });
    expect(valuesAt(h)).toEqual({
      replicationGroupId: RG,
      engine: "redis",
      engineVersion: "7.1",
      cacheNodeType: "cache.r6g.large",
      transitEncryptionEnabled: true,
      status: "creating",
      nodeGroupId: "0002",
    });
    // Without the derived link the same event does not create it (a member is never guessed by its own history).
    expect(reconstructHistory("cache-cluster", id, [create]).lifecycles[0]?.createEventId).toBeUndefined();
  });

  const heldGroup = (ids: string[], time = "2026-11-01T09:00:00Z") =>
    ev(
      "CreateReplicationGroup",
      time,
      { replicationGroupId: RG, replicationGroupDescription: "payments", cacheNodeType: "cache.r6g.large" },
      group("creating", ids),
      { actor: "alice.ops" },
    );
  const nullIncrease = ev(
    "IncreaseReplicaCount",
    "2026-11-04T10:00:00Z",
    { replicationGroupId: RG, newReplicaCount: 2, applyImmediately: true },
    null,
    { actor: "carol.sre" },
  );

  it("IncreaseReplicaCount with a null response starts the derived member's lifecycle, then the group reaches it", () => {
    expect(reconstructHistory("replication-group", RG, [heldGroup([M1, M2]), nullIncrease]).steps[1]?.effects).toEqual([
      { kind: "cache-cluster", resourceIds: [M3], fields: ["created"], derived: true },
    ]);
    // A later ModifyReplicationGroup with a null response reaches it (inferred from the derived link).
    const modify = ev(
      "ModifyReplicationGroup",
      "2026-11-06T10:00:00Z",
      { replicationGroupId: RG, cacheNodeType: "cache.r6g.xlarge", applyImmediately: true },
      null,
      { actor: "dave.ops" },
    );
    const h = reconstructHistory("cache-cluster", M3, [derived(nullIncrease), modify]);
    expect(h.lifecycles).toMatchObject([
      { status: "live", createdBy: "carol.sre", createEventId: nullIncrease.eventId },
    ]);
    expect(configurationValues(h.steps[0]!.configAfter)).toEqual({
      replicationGroupId: RG,
      status: "creating",
    });
    expect(h.steps[1]?.changes).toEqual([
      {
        field: "cacheNodeType",
        from: undefined,
        to: "cache.r6g.xlarge",
        status: "requested",
        note: "apply immediately",
      },
    ]);
    expect(h.steps[1]?.cause).toEqual({ kind: "replication-group", resourceId: RG });
    // An existing member linked as derived (a stale derivation) is left as it was.
    const existing = reconstructHistory("cache-cluster", M2, [heldGroup([M1, M2]), derived(nullIncrease)]);
    expect(existing.lifecycles).toHaveLength(1);
    expect(existing.steps[1]?.changes).toEqual([]);
  });

  const CM = "orders-redis";
  const cm = (shard: string, n: number) => `${CM}-${shard}-00${n}`;
  const shardGroup = ev(
    "CreateReplicationGroup",
    "2026-11-01T09:00:00Z",
    { replicationGroupId: CM, replicationGroupDescription: "orders", numNodeGroups: 2, replicasPerNodeGroup: 1 },
    {
      replicationGroupId: CM,
      status: "creating",
      clusterEnabled: true,
      memberClusters: ["0001", "0002"].flatMap((s) => [cm(s, 1), cm(s, 2)]),
      nodeGroups: ["0001", "0002"].map((s) => ({
        nodeGroupId: s,
        nodeGroupMembers: [{ cacheClusterId: cm(s, 1) }, { cacheClusterId: cm(s, 2) }],
      })),
      pendingModifiedValues: {},
    },
  );
  const nullReshard = (time: string, params: Record<string, unknown>) =>
    ev(
      "ModifyReplicationGroupShardConfiguration",
      time,
      { replicationGroupId: CM, applyImmediately: true, ...params },
      null,
      { actor: "erin.sre" },
    );
  const grow = nullReshard("2026-11-05T10:00:00Z", {
    nodeGroupCount: 3,
    reshardingConfiguration: [
      { nodeGroupId: "0001", preferredAvailabilityZones: ["a", "b"] },
      { nodeGroupId: "0002", preferredAvailabilityZones: ["a", "b"] },
      { nodeGroupId: "0003", preferredAvailabilityZones: ["a", "b", "c"] },
    ],
  });
  const shrink = nullReshard("2026-11-07T10:00:00Z", { nodeGroupCount: 2, nodeGroupsToRemove: ["0002"] });

  it("a resharding with a null response: members of new shards the request names and of removed shards are derived", () => {
    const h = reconstructHistory("replication-group", CM, [shardGroup, grow, shrink]);
    expect(h.steps[1]?.effects).toEqual([
      {
        kind: "cache-cluster",
        resourceIds: [cm("0003", 1), cm("0003", 2), cm("0003", 3)],
        fields: ["created"],
        derived: true,
      },
    ]);
    expect(h.steps[2]?.effects).toEqual([
      {
        kind: "cache-cluster",
        resourceIds: [cm("0002", 1), cm("0002", 2)],
        fields: ["created", "deleted"],
        derived: true,
      },
    ]);
    // New shards the request does not name: some created, not named.
    const unnamed = nullReshard("2026-11-05T10:00:00Z", { nodeGroupCount: 3 });
    expect(reconstructHistory("replication-group", CM, [shardGroup, unnamed]).steps[1]?.effects).toEqual([
      { kind: "cache-cluster", resourceIds: [], fields: ["created"], unnamed: null },
    ]);
  });

  it("a resharding with a null response starts a derived new-shard member and ends a derived removed one", () => {
    const added = reconstructHistory("cache-cluster", cm("0003", 3), [derived(grow)]);
    expect(added.lifecycles).toMatchObject([{ status: "live", createdBy: "erin.sre", createEventId: grow.eventId }]);
    expect(valuesAt(added)).toEqual({ replicationGroupId: CM, status: "creating", nodeGroupId: "0003" });
    const removed = reconstructHistory("cache-cluster", cm("0002", 2), [shardGroup, derived(shrink)]);
    expect(removed.lifecycles).toMatchObject([
      { status: "deleted", createEventId: shardGroup.eventId, deleteEventId: shrink.eventId, deletedBy: "erin.sre" },
    ]);
    // A removal never creates: a derived member of a removed shard that this history never saw stays unknown.
    const unseen = reconstructHistory("cache-cluster", cm("0002", 2), [derived(shrink)]);
    expect(unseen.lifecycles).toMatchObject([{ status: "unknown" }]);
    expect(unseen.steps[0]?.changes).toEqual([]);
  });

  it.each([
    { name: "CreateReplicationGroup", id: M2, stored: [], cause: nullCreate({ numCacheClusters: 2 }) },
    { name: "IncreaseReplicaCount", id: M3, stored: [], cause: nullIncrease },
    { name: "a resharding adding a shard", id: cm("0003", 1), stored: [], cause: grow },
  ])("$name delivered after the derived member's later events were stored is placed in time", ({ id, cause }) => {
    const reboot = ev("RebootCacheCluster", "2026-11-20T00:00:00Z", { cacheClusterId: id });
    const late = deliveredLate("cache-cluster", id, [reboot], derived(cause));
    expect(late).toEqual(reconstructHistory("cache-cluster", id, [reboot, derived(cause)]));
    expect(late.lifecycles).toMatchObject([{ status: "live", createEventId: cause.eventId }]);
    expect(late.steps.map((s) => s.eventId)).toEqual([cause.eventId, reboot.eventId]);
  });

  it("a derived removal delivered after the member's later events were stored ends it in time", () => {
    const reboot = ev("RebootCacheCluster", "2026-11-06T00:00:00Z", { cacheClusterId: cm("0002", 1) });
    const late = deliveredLate("cache-cluster", cm("0002", 1), [shardGroup, reboot], derived(shrink));
    expect(late).toEqual(reconstructHistory("cache-cluster", cm("0002", 1), [shardGroup, reboot, derived(shrink)]));
    expect(late.lifecycles).toMatchObject([{ status: "deleted", deleteEventId: shrink.eventId }]);
  });
});

describe("user groups ↔ users", () => {
  const userGroup = (userIds: string[], extra: Record<string, unknown> = {}) => ({
    userGroupId: "app-group",
    status: "creating",
    engine: "redis",
    userIds,
    minimumEngineVersion: "6.0",
    replicationGroups: [],
    ...extra,
  });
  const createUser = ev(
    "CreateUser",
    "2026-11-03T08:00:00Z",
    { userId: "app-user", userName: "app", engine: "redis", accessString: "on ~app:* +@read", passwords: ["***"] },
    {
      userId: "app-user",
      userName: "app",
      status: "active",
      engine: "redis",
      accessString: "on ~app:* +@read",
      userGroupIds: [],
    },
  );
  const createGroup = ev(
    "CreateUserGroup",
    "2026-11-03T11:00:00Z",
    { userGroupId: "app-group", engine: "redis", userIds: ["default", "app-user"] },
    userGroup(["app-user", "default"]),
    { actor: "dana.iam" },
  );
  const removeUser = ev(
    "ModifyUserGroup",
    "2026-11-04T11:00:00Z",
    { userGroupId: "app-group", userIdsToRemove: ["app-user"] },
    userGroup(["app-user", "default"], { status: "modifying", pendingChanges: { userIdsToRemove: ["app-user"] } }),
  );
  const addUser = ev(
    "ModifyUserGroup",
    "2026-11-05T11:00:00Z",
    { userGroupId: "app-group", userIdsToAdd: ["app-user"] },
    userGroup(["default"], { status: "modifying", pendingChanges: { userIdsToAdd: ["app-user"] } }),
  );
  const deleteGroup = ev(
    "DeleteUserGroup",
    "2026-11-06T11:00:00Z",
    { userGroupId: "app-group" },
    userGroup(["app-user", "default"], { status: "deleting" }),
  );

  it("CreateUserGroup adds the group to its users at the call's time, by its caller", () => {
    const h = reconstructHistory("user", "app-user", [createGroup, createUser]);
    expect(h.steps[1]?.changes).toEqual([{ field: "userGroupIds", from: [], to: ["app-group"], status: "applied" }]);
    expect(h.steps[1]).toMatchObject({ actorName: "dana.iam", cause: { kind: "user-group", resourceId: "app-group" } });
  });

  it("ModifyUserGroup userIdsToRemove and userIdsToAdd take the group away and back", () => {
    const h = reconstructHistory("user", "app-user", [createUser, createGroup, removeUser, addUser]);
    expect(h.steps.map((s) => valuesAt({ ...h, steps: [s] }).userGroupIds)).toEqual([
      [],
      ["app-group"],
      [],
      ["app-group"],
    ]);
  });

  it("DeleteUserGroup takes the group from its users, from the response or from what the user knows", () => {
    const h = reconstructHistory("user", "app-user", [createUser, createGroup, deleteGroup]);
    expect(h.steps[2]?.changes).toEqual([{ field: "userGroupIds", from: ["app-group"], to: [], status: "applied" }]);
    const nullResponse = { ...deleteGroup, responseElements: null };
    expect(
      valuesAt(reconstructHistory("user", "app-user", [createUser, createGroup, nullResponse])).userGroupIds,
    ).toEqual([]);
  });

  it("the later ModifyUser no longer reports the membership as observed in response", () => {
    const modifyUser = ev(
      "ModifyUser",
      "2026-11-05T12:00:00Z",
      { userId: "app-user", accessString: "on ~app:* +@all" },
      {
        userId: "app-user",
        userName: "app",
        status: "modifying",
        accessString: "on ~app:* +@all",
        userGroupIds: ["app-group"],
      },
    );
    const h = reconstructHistory("user", "app-user", [createUser, createGroup, modifyUser]);
    expect(h.steps[2]?.changes.map((c) => c.field)).toEqual(["accessString", "status"]);
  });

  const modifyUser = (time: string) => own("ModifyUser", time, { userId: "app-user", accessString: "on ~* +@all" });
  eachDeliveredLate([
    {
      row: "CreateUserGroup → user",
      kind: "user",
      id: "app-user",
      stored: [createUser, modifyUser("2026-11-05T12:00:00Z")],
      cause: createGroup,
    },
    {
      row: "ModifyUserGroup → user",
      kind: "user",
      id: "app-user",
      stored: [createUser, createGroup, modifyUser("2026-11-05T12:00:00Z")],
      cause: removeUser,
    },
    {
      row: "DeleteUserGroup → user",
      kind: "user",
      id: "app-user",
      stored: [createUser, createGroup, modifyUser("2026-11-07T12:00:00Z")],
      cause: deleteGroup,
    },
  ]);
});

describe("replication groups and serverless caches ↔ user groups", () => {
  const UG = "app-group";
  const createRg = ev(
    "CreateReplicationGroup",
    "2026-11-01T09:00:00Z",
    { replicationGroupId: RG, replicationGroupDescription: "payments", userGroupIds: [UG] },
    { replicationGroupId: RG, status: "creating", userGroupIds: [UG], memberClusters: [M1] },
  );
  const modifyRg = (add: string[], remove: string[], time: string) =>
    ev("ModifyReplicationGroup", time, {
      replicationGroupId: RG,
      userGroupIdsToAdd: add,
      userGroupIdsToRemove: remove,
    });
  const deleteRg = ev(
    "DeleteReplicationGroup",
    "2026-11-09T10:00:00Z",
    { replicationGroupId: RG },
    { replicationGroupId: RG, status: "deleting", userGroupIds: [UG] },
  );

  it("CreateReplicationGroup userGroupIds adds the group to the user group's replicationGroups", () => {
    const h = reconstructHistory("user-group", UG, [createRg]);
    expect(h.steps[0]?.changes).toEqual([{ field: "replicationGroups", from: undefined, to: [RG], status: "applied" }]);
    expect(h.steps[0]?.cause).toEqual({ kind: "replication-group", resourceId: RG });
  });

  it("ModifyReplicationGroup userGroupIdsToRemove / ToAdd move it out and back", () => {
    const h = reconstructHistory("user-group", UG, [
      createRg,
      modifyRg([], [UG], "2026-11-02T10:00:00Z"),
      modifyRg([UG], [], "2026-11-03T10:00:00Z"),
    ]);
    expect(h.steps.map((s) => s.configAfter.replicationGroups?.value)).toEqual([[RG], [], [RG]]);
  });

  it("DeleteReplicationGroup takes it out of the user group", () => {
    const h = reconstructHistory("user-group", UG, [createRg, deleteRg]);
    expect(valuesAt(h).replicationGroups).toEqual([]);
  });

  const SC = "sessions";
  const serverless = (userGroupId: string | undefined, status: string) => ({
    serverlessCache: { serverlessCacheName: SC, status, engine: "valkey", ...(userGroupId ? { userGroupId } : {}) },
  });

  it("Create/Modify/DeleteServerlessCache add it to and take it from the user group's serverlessCaches", () => {
    const create = ev(
      "CreateServerlessCache",
      "2026-11-01T09:00:00Z",
      { serverlessCacheName: SC, engine: "valkey", userGroupId: UG },
      serverless(UG, "creating"),
    );
    const other = ev(
      "ModifyServerlessCache",
      "2026-11-02T09:00:00Z",
      { serverlessCacheName: SC, userGroupId: "other-group" },
      serverless("other-group", "modifying"),
    );
    const back = ev(
      "ModifyServerlessCache",
      "2026-11-03T09:00:00Z",
      { serverlessCacheName: SC, userGroupId: UG },
      serverless(UG, "modifying"),
    );
    const del = ev(
      "DeleteServerlessCache",
      "2026-11-04T09:00:00Z",
      { serverlessCacheName: SC },
      serverless(UG, "deleting"),
    );
    const h = reconstructHistory("user-group", UG, [create, back, del]);
    expect(h.steps.map((s) => s.configAfter.serverlessCaches?.value)).toEqual([[SC], [SC], []]);
    expect(valuesAt(reconstructHistory("user-group", "other-group", [other])).serverlessCaches).toEqual([SC]);
    expect(h.steps[2]?.cause).toEqual({ kind: "serverless-cache", resourceId: SC });
  });

  it("ModifyServerlessCache takes the cache from the group it leaves (reached by an inferred link)", () => {
    const create = ev(
      "CreateServerlessCache",
      "2026-11-01T09:00:00Z",
      { serverlessCacheName: SC, engine: "valkey", userGroupId: UG },
      serverless(UG, "creating"),
    );
    const moved = ev(
      "ModifyServerlessCache",
      "2026-11-02T09:00:00Z",
      { serverlessCacheName: SC, userGroupId: "other-group" },
      serverless("other-group", "modifying"),
      { actor: "bob.ops" },
    );
    const removed = ev(
      "ModifyServerlessCache",
      "2026-11-02T09:00:00Z",
      { serverlessCacheName: SC, removeUserGroup: true },
      serverless(undefined, "modifying"),
    );
    const h = reconstructHistory("user-group", UG, [create, moved]);
    expect(h.steps[1]?.changes).toEqual([{ field: "serverlessCaches", from: [SC], to: [], status: "applied" }]);
    expect([h.steps[1]?.actorName, h.steps[1]?.cause]).toEqual([
      "bob.ops",
      { kind: "serverless-cache", resourceId: SC },
    ]);
    expect(valuesAt(reconstructHistory("user-group", UG, [create, removed])).serverlessCaches).toEqual([]);
    // A group that never held it is not changed; a description change leaves the holder alone.
    expect(reconstructHistory("user-group", "third-group", [moved]).steps[0]?.changes).toEqual([]);
    const described = ev("ModifyServerlessCache", "2026-11-02T09:00:00Z", {
      serverlessCacheName: SC,
      description: "x",
    });
    expect(valuesAt(reconstructHistory("user-group", UG, [create, described])).serverlessCaches).toEqual([SC]);
  });

  const describeGroup = (time: string) => own("ModifyUserGroup", time, { userGroupId: UG, userIdsToAdd: ["ops-user"] });
  const scEvent = (name: string, time: string, params: Record<string, unknown>, userGroupId: string | undefined) =>
    ev(name, time, { serverlessCacheName: SC, ...params }, serverless(userGroupId, "modifying"));
  const scCreate = scEvent("CreateServerlessCache", "2026-11-01T09:00:00Z", { engine: "valkey", userGroupId: UG }, UG);
  eachDeliveredLate([
    {
      row: "CreateReplicationGroup → user-group",
      kind: "user-group",
      id: UG,
      stored: [describeGroup("2026-11-05T00:00:00Z")],
      cause: createRg,
    },
    {
      row: "ModifyReplicationGroup → user-group",
      kind: "user-group",
      id: UG,
      stored: [createRg, describeGroup("2026-11-05T00:00:00Z")],
      cause: modifyRg([], [UG], "2026-11-02T10:00:00Z"),
    },
    {
      row: "DeleteReplicationGroup → user-group",
      kind: "user-group",
      id: UG,
      stored: [createRg, describeGroup("2026-11-10T00:00:00Z")],
      cause: deleteRg,
    },
    {
      row: "CreateServerlessCache → user-group",
      kind: "user-group",
      id: UG,
      stored: [describeGroup("2026-11-05T00:00:00Z")],
      cause: scCreate,
    },
    {
      row: "ModifyServerlessCache → user-group",
      kind: "user-group",
      id: UG,
      stored: [scCreate, describeGroup("2026-11-05T00:00:00Z")],
      cause: scEvent("ModifyServerlessCache", "2026-11-02T09:00:00Z", { userGroupId: "other-group" }, "other-group"),
    },
    {
      row: "DeleteServerlessCache → user-group",
      kind: "user-group",
      id: UG,
      stored: [scCreate, describeGroup("2026-11-05T00:00:00Z")],
      cause: scEvent("DeleteServerlessCache", "2026-11-04T09:00:00Z", {}, UG),
    },
  ]);
});

describe("global datastores ↔ regional replication groups", () => {
  const GID = "ldgnf-global-payments";
  const globalResp = (primary: string, secondaries: string[]) => ({
    globalReplicationGroupId: GID,
    status: "modifying",
    members: [
      { replicationGroupId: primary, replicationGroupRegion: "eu-west-1", role: "PRIMARY", status: "associated" },
      ...secondaries.map((s) => ({
        replicationGroupId: s,
        replicationGroupRegion: "us-east-1",
        role: "SECONDARY",
        status: "associated",
      })),
    ],
  });
  const createGlobal = ev(
    "CreateGlobalReplicationGroup",
    "2026-11-01T09:00:00Z",
    { globalReplicationGroupIdSuffix: "global-payments", primaryReplicationGroupId: RG },
    globalResp(RG, []),
  );
  const secondary = ev(
    "CreateReplicationGroup",
    "2026-11-01T10:00:00Z",
    { replicationGroupId: "payments-us", replicationGroupDescription: "us", globalReplicationGroupId: GID },
    { replicationGroupId: "payments-us", status: "creating", memberClusters: [] },
  );
  const failover = ev(
    "FailoverGlobalReplicationGroup",
    "2026-11-02T10:00:00Z",
    { globalReplicationGroupId: GID, primaryRegion: "us-east-1", primaryReplicationGroupId: "payments-us" },
    globalResp("payments-us", [RG]),
  );
  const disassociate = ev(
    "DisassociateGlobalReplicationGroup",
    "2026-11-03T10:00:00Z",
    { globalReplicationGroupId: GID, replicationGroupId: RG, replicationGroupRegion: "eu-west-1" },
    globalResp("payments-us", []),
  );
  const deleteGlobal = ev(
    "DeleteGlobalReplicationGroup",
    "2026-11-04T10:00:00Z",
    { globalReplicationGroupId: GID, retainPrimaryReplicationGroup: true },
    null,
  );

  it("CreateGlobalReplicationGroup makes the named group its primary", () => {
    const h = reconstructHistory("replication-group", RG, [createGlobal]);
    expect(valuesAt(h)).toEqual({ globalReplicationGroupId: GID, globalReplicationGroupRole: "primary" });
    expect(h.steps[0]?.cause).toEqual({ kind: "global-replication-group", resourceId: GID });
  });

  it("CreateReplicationGroup with globalReplicationGroupId adds a secondary to the datastore", () => {
    const h = reconstructHistory("global-replication-group", GID, [createGlobal, secondary]);
    expect(valuesAt(h).secondaryReplicationGroupIds).toEqual(["payments-us"]);
    expect(h.steps[1]?.cause).toEqual({ kind: "replication-group", resourceId: "payments-us" });
  });

  it("FailoverGlobalReplicationGroup swaps the roles, DisassociateGlobalReplicationGroup takes one out", () => {
    const h = reconstructHistory("replication-group", RG, [createGlobal, failover, disassociate]);
    expect(h.steps.map((s) => s.configAfter.globalReplicationGroupRole?.value)).toEqual(["primary", "secondary", null]);
    expect(valuesAt(h).globalReplicationGroupId).toBeNull();
  });

  it("DeleteGlobalReplicationGroup asks its members to leave (requested: the response is null)", () => {
    const h = reconstructHistory("replication-group", "payments-us", [secondary, failover, deleteGlobal]);
    expect(h.steps[2]?.changes.map((c) => [c.field, c.status])).toEqual([
      ["globalReplicationGroupId", "requested"],
      ["globalReplicationGroupRole", "requested"],
    ]);
  });

  const modifyRg = (id: string, time: string) =>
    own("ModifyReplicationGroup", time, { replicationGroupId: id, replicationGroupDescription: "v2" });
  eachDeliveredLate([
    {
      row: "CreateGlobalReplicationGroup → replication-group",
      kind: "replication-group",
      id: RG,
      stored: [modifyRg(RG, "2026-11-05T00:00:00Z")],
      cause: createGlobal,
    },
    {
      row: "CreateReplicationGroup → global-replication-group",
      kind: "global-replication-group",
      id: GID,
      stored: [
        createGlobal,
        own("ModifyGlobalReplicationGroup", "2026-11-05T00:00:00Z", {
          globalReplicationGroupId: GID,
          globalReplicationGroupDescription: "v2",
        }),
      ],
      cause: secondary,
    },
    {
      row: "DisassociateGlobalReplicationGroup → replication-group",
      kind: "replication-group",
      id: RG,
      stored: [createGlobal, failover, modifyRg(RG, "2026-11-05T00:00:00Z")],
      cause: disassociate,
    },
    {
      row: "FailoverGlobalReplicationGroup → replication-group",
      kind: "replication-group",
      id: RG,
      stored: [createGlobal, modifyRg(RG, "2026-11-05T00:00:00Z")],
      cause: failover,
    },
    {
      row: "DeleteGlobalReplicationGroup → replication-group",
      kind: "replication-group",
      id: "payments-us",
      stored: [secondary, failover, modifyRg("payments-us", "2026-11-05T00:00:00Z")],
      cause: deleteGlobal,
    },
  ]);
});

describe("snapshots ↔ their source", () => {
  it("DeleteCacheCluster / DeleteReplicationGroup with a final snapshot create it", () => {
    const cluster = ev("DeleteCacheCluster", "2026-11-09T10:00:00Z", {
      cacheClusterId: "legacy-memcached",
      finalSnapshotIdentifier: "legacy-final",
    });
    const h = reconstructHistory("snapshot", "legacy-final", [cluster]);
    expect(h.lifecycles).toMatchObject([{ status: "live", createEventId: cluster.eventId }]);
    expect(valuesAt(h)).toEqual({
      cacheClusterId: "legacy-memcached",
      snapshotSource: "final snapshot",
      status: "creating",
    });
    const rg = ev("DeleteReplicationGroup", "2026-11-09T10:00:00Z", {
      replicationGroupId: RG,
      finalSnapshotIdentifier: "payments-final",
    });
    const hr = reconstructHistory("snapshot", "payments-final", [rg]);
    expect(valuesAt(hr).replicationGroupId).toBe(RG);
    expect(hr.steps[0]?.cause).toEqual({ kind: "replication-group", resourceId: RG });
  });

  it("DeleteServerlessCache with finalSnapshotName creates the serverless snapshot", () => {
    const del = ev("DeleteServerlessCache", "2026-11-09T10:00:00Z", {
      serverlessCacheName: "sessions",
      finalSnapshotName: "sessions-final",
    });
    const h = reconstructHistory("serverless-cache-snapshot", "sessions-final", [del]);
    expect(h.status).toBe("live");
    expect(valuesAt(h)).toEqual({ serverlessCacheName: "sessions", status: "creating" });
  });

  const deleteSnapshot = (name: string) => own("DeleteSnapshot", "2026-11-10T00:00:00Z", { snapshotName: name });
  eachDeliveredLate([
    {
      row: "DeleteCacheCluster → snapshot",
      kind: "snapshot",
      id: "legacy-final",
      stored: [deleteSnapshot("legacy-final")],
      cause: ev("DeleteCacheCluster", "2026-11-09T10:00:00Z", {
        cacheClusterId: "c",
        finalSnapshotIdentifier: "legacy-final",
      }),
    },
    {
      row: "DeleteReplicationGroup → snapshot",
      kind: "snapshot",
      id: "payments-final",
      stored: [deleteSnapshot("payments-final")],
      cause: ev("DeleteReplicationGroup", "2026-11-09T10:00:00Z", {
        replicationGroupId: RG,
        finalSnapshotIdentifier: "payments-final",
      }),
    },
    {
      row: "DeleteServerlessCache → serverless-cache-snapshot",
      kind: "serverless-cache-snapshot",
      id: "sessions-final",
      stored: [
        own("DeleteServerlessCacheSnapshot", "2026-11-10T00:00:00Z", { serverlessCacheSnapshotName: "sessions-final" }),
      ],
      cause: ev("DeleteServerlessCache", "2026-11-09T10:00:00Z", {
        serverlessCacheName: "sessions",
        finalSnapshotName: "sessions-final",
      }),
    },
  ]);
});

describe("the causing side", () => {
  it("lists what a call did to other resources", () => {
    const modify = ev(
      "ModifyReplicationGroup",
      "2026-11-02T10:00:00Z",
      {
        replicationGroupId: RG,
        cacheNodeType: "cache.r6g.xlarge",
        userGroupIdsToAdd: ["app-group"],
        applyImmediately: true,
      },
      group("modifying", [M1, M2]),
    );
    const h = reconstructHistory("replication-group", RG, [createGroup, modify]);
    expect(h.steps[1]?.effects).toEqual([
      { kind: "cache-cluster", resourceIds: [M1, M2], fields: ["cacheNodeType"] },
      { kind: "user-group", resourceIds: ["app-group"], fields: ["replicationGroups"] },
    ]);
    expect(h.steps[0]?.effects?.[0]).toEqual({ kind: "cache-cluster", resourceIds: [M1, M2], fields: ["created"] });
  });

  it("lists the resources a call reached without naming them (inferred), if it held them then", () => {
    const modify = {
      ...ev("ModifyReplicationGroup", "2026-11-02T10:00:00Z", {
        replicationGroupId: RG,
        cacheNodeType: "cache.r6g.xlarge",
      }),
      inferred: [M1, M2, M3].map((resourceId) => ({ kind: "cache-cluster" as const, resourceId })),
    };
    // M3 is not among the members the group's create response listed: it was not reached.
    const h = reconstructHistory("replication-group", RG, [createGroup, modify]);
    expect(h.steps[1]?.effects).toEqual([{ kind: "cache-cluster", resourceIds: [M1, M2], fields: ["cacheNodeType"] }]);
    // Without a member list known, every inferred resource is listed.
    expect(reconstructHistory("replication-group", RG, [modify]).steps[0]?.effects?.[0]?.resourceIds).toEqual([
      M1,
      M2,
      M3,
    ]);
  });

  const nullIncrease = (params: Record<string, unknown>) =>
    ev("IncreaseReplicaCount", "2026-11-04T10:00:00Z", { replicationGroupId: RG, applyImmediately: true, ...params });
  const groupWith = (ids: string[]) =>
    ev(
      "CreateReplicationGroup",
      "2026-11-01T09:00:00Z",
      { replicationGroupId: RG, replicationGroupDescription: "payments" },
      group("creating", ids),
    );

  it.each([
    {
      name: "members numbered without a gap: the added ones are derived",
      held: [M1, M2],
      params: { newReplicaCount: 3 },
      effect: { resourceIds: [M3, "payments-redis-004"], derived: true },
    },
    {
      name: "a gap in the numbering: only how many",
      held: [M1, M3],
      params: { newReplicaCount: 2 },
      effect: { resourceIds: [], unnamed: 1 },
    },
    {
      name: "ids in another form: only how many",
      held: [M1, "payments-redis-primary"],
      params: { newReplicaCount: 3 },
      effect: { resourceIds: [], unnamed: 2 },
    },
    {
      name: "cluster mode, per shard (replicaConfiguration)",
      held: [`${RG}-0001-001`, `${RG}-0001-002`, `${RG}-0002-001`, `${RG}-0002-002`],
      params: {
        replicaConfiguration: [
          { nodeGroupId: "0001", newReplicaCount: 2 },
          { nodeGroupId: "0002", newReplicaCount: 1 },
        ],
      },
      effect: { resourceIds: [`${RG}-0001-003`], derived: true },
    },
    {
      name: "cluster mode, newReplicaCount for every shard",
      held: [`${RG}-0001-001`, `${RG}-0002-001`],
      params: { newReplicaCount: 1 },
      effect: { resourceIds: [`${RG}-0001-002`, `${RG}-0002-002`], derived: true },
    },
  ])("IncreaseReplicaCount with a null response: $name", ({ held, params, effect }) => {
    const h = reconstructHistory("replication-group", RG, [groupWith(held), nullIncrease(params)]);
    expect(h.steps[1]?.effects).toEqual([{ kind: "cache-cluster", fields: ["created"], ...effect }]);
  });

  it("IncreaseReplicaCount with a null response and no member known: some added, not named", () => {
    const h = reconstructHistory("replication-group", RG, [nullIncrease({ newReplicaCount: 2 })]);
    expect(h.steps[0]?.effects).toEqual([
      { kind: "cache-cluster", resourceIds: [], fields: ["created"], unnamed: null },
    ]);
  });

  it("a resharding with a null response lists only the members of the shards it removes", () => {
    const CM = "orders-redis";
    const shards = ["0001", "0002", "0003"].flatMap((s) => [`${CM}-${s}-001`, `${CM}-${s}-002`]);
    const inferred = shards.map((resourceId) => ({ kind: "cache-cluster" as const, resourceId }));
    const reshard = (params: Record<string, unknown>) => ({
      ...ev("ModifyReplicationGroupShardConfiguration", "2026-11-06T10:00:00Z", {
        replicationGroupId: CM,
        applyImmediately: true,
        ...params,
      }),
      inferred,
    });
    const removing = reshard({ nodeGroupCount: 2, nodeGroupsToRemove: ["0002"] });
    expect(reconstructHistory("replication-group", CM, [removing]).steps[0]?.effects).toEqual([
      { kind: "cache-cluster", resourceIds: [`${CM}-0002-001`, `${CM}-0002-002`], fields: ["created", "deleted"] },
    ]);
    const retaining = reshard({ nodeGroupCount: 2, nodeGroupsToRetain: ["0001", "0002"] });
    expect(reconstructHistory("replication-group", CM, [retaining]).steps[0]?.effects?.[0]?.resourceIds).toEqual([
      `${CM}-0003-001`,
      `${CM}-0003-002`,
    ]);
    // Adding shards: their members are never named, and the existing ones are not changed.
    expect(reconstructHistory("replication-group", CM, [reshard({ nodeGroupCount: 4 })]).steps[0]?.effects).toEqual([
      { kind: "cache-cluster", resourceIds: [], fields: ["created"], unnamed: null },
    ]);
  });

  it("lists nothing for a failed call, or one that changes nothing elsewhere", () => {
    const failed = { ...createGroup, eventId: "failed-1", errorCode: "AccessDenied" };
    expect(reconstructHistory("replication-group", RG, [failed]).steps[0]?.effects).toBeUndefined();
    expect(
      effectsOf(
        "ModifyReplicationGroup",
        { replicationGroupId: RG, replicationGroupDescription: "x" },
        group("available", [M1]),
      ),
    ).toEqual([]);
  });
});

describe("the effects table", () => {
  it("has a case above for every row, delivered in time order and late", () => {
    const source = readFileSync(new URL("./effects.test.ts", import.meta.url), "utf8");
    for (const row of EFFECTS) expect(source, `${row.operation} → ${row.affects}`).toContain(`"${row.operation}"`);
    expect([...lateRows].sort()).toEqual(EFFECTS.map((r) => `${r.operation} → ${r.affects}`).sort());
  });

  it("infers only effects a row of the table applies (INFERRED_EFFECTS)", () => {
    for (const inferred of INFERRED_EFFECTS) {
      const row = EFFECTS.find((e) => e.operation === inferred.operation && e.affects === inferred.affects);
      expect(row, `${inferred.operation} → ${inferred.affects}`).toBeDefined();
    }
  });

  it("is the table of docs/configuration-history.md", () => {
    const doc = readFileSync(new URL("../../docs/configuration-history.md", import.meta.url), "utf8");
    for (const row of EFFECTS)
      expect(doc).toContain(`| ${row.operation} | ${row.affects} | ${row.found} | ${row.does} |`);
  });
});
