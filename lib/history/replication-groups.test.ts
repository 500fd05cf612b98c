import { describe, expect, it } from "vitest";
import { configurationValues } from "./configuration";
import { describeChange } from "./describe-change";
import { reconstructHistory } from "./reconstruct";
import { ev } from "@/tests/fixtures/history-events";
import type { FieldChange, HistoryStep } from "./types";

const RG = "orders";
const TOKEN = "Sup3rS3cretAuthT0ken-orders-2024";

function member(id: string, role?: string): Record<string, unknown> {
  return {
    cacheClusterId: id,
    cacheNodeId: "0001",
    preferredAvailabilityZone: "eu-west-1a",
    ...(role ? { currentRole: role } : {}),
  };
}

/** A ReplicationGroup object; newer records keep the wrapper, so the tests use both forms. */
function group(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    replicationGroupId: RG,
    description: "orders cache",
    status: "available",
    pendingModifiedValues: {},
    memberClusters: ["orders-001", "orders-002"],
    nodeGroups: [
      {
        nodeGroupId: "0001",
        status: "available",
        nodeGroupMembers: [member("orders-001", "primary"), member("orders-002", "replica")],
      },
    ],
    automaticFailover: "enabled",
    multiAZ: "enabled",
    snapshotRetentionLimit: 1,
    snapshotWindow: "03:00-04:00",
    clusterEnabled: false,
    cacheNodeType: "cache.r6g.large",
    authTokenEnabled: true,
    transitEncryptionEnabled: true,
    atRestEncryptionEnabled: true,
    userGroupIds: [],
    ...over,
  };
}

const create = ev(
  "CreateReplicationGroup",
  "2024-05-01T08:00:00Z",
  {
    replicationGroupId: RG,
    replicationGroupDescription: "orders cache",
    engine: "redis",
    engineVersion: "7.1",
    cacheNodeType: "cache.r6g.large",
    numCacheClusters: 2,
    automaticFailoverEnabled: true,
    multiAZEnabled: true,
    cacheSubnetGroupName: "private-cache",
    securityGroupIds: ["sg-0aa11"],
    transitEncryptionEnabled: true,
    atRestEncryptionEnabled: true,
    authToken: TOKEN,
  },
  {
    replicationGroup: group({
      status: "creating",
      nodeGroups: [{ nodeGroupId: "0001", status: "creating", nodeGroupMembers: [] }],
    }),
  },
);

const change = (step: HistoryStep | undefined, field: string): FieldChange | undefined =>
  step?.changes.find((c) => c.field === field);

describe("replication groups", () => {
  it("creates with the requested and reported configuration", () => {
    const h = reconstructHistory("replication-group", RG, [create]);
    expect(configurationValues(h.steps[0]!.configAfter)).toMatchObject({
      description: "orders cache",
      engine: "redis",
      engineVersion: "7.1",
      cacheNodeType: "cache.r6g.large",
      numCacheClusters: 2,
      memberClusters: ["orders-001", "orders-002"],
      numNodeGroups: 1,
      automaticFailover: "enabled",
      multiAZ: "enabled",
      authTokenEnabled: true,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      status: "creating",
    });
    expect(change(h.steps[0], "authToken")).toEqual({
      field: "authToken",
      from: null,
      to: null,
      status: "applied",
      note: "auth token set",
    });
  });

  it("records an auth token rotation without its value, pending while ROTATING", () => {
    const rotate = ev(
      "ModifyReplicationGroup",
      "2024-05-02T08:00:00Z",
      {
        replicationGroupId: RG,
        applyImmediately: true,
        authToken: "N3wT0kenValue-rotated-9876543",
        authTokenUpdateStrategy: "ROTATE",
      },
      { replicationGroup: group({ status: "modifying", pendingModifiedValues: { authTokenStatus: "ROTATING" } }) },
    );
    const h = reconstructHistory("replication-group", RG, [create, rotate]);
    const c = change(h.steps[1], "authToken");
    expect(c).toEqual({ field: "authToken", from: null, to: null, status: "pending", note: "auth token rotated" });
    expect(describeChange(c!)).toBe("auth token rotated (pending)");
    expect(JSON.stringify(h)).not.toContain("N3wT0kenValue");
  });

  it("removes the auth token with strategy DELETE", () => {
    const remove = ev(
      "ModifyReplicationGroup",
      "2024-05-02T09:00:00Z",
      {
        replicationGroupId: RG,
        applyImmediately: true,
        authTokenUpdateStrategy: "DELETE",
        transitEncryptionMode: "preferred",
      },
      group({ authTokenEnabled: false, transitEncryptionMode: "preferred" }),
    );
    const h = reconstructHistory("replication-group", RG, [create, remove]);
    expect(describeChange(change(h.steps[1], "authToken")!)).toBe("auth token removed");
    expect(change(h.steps[1], "authTokenEnabled")).toMatchObject({ from: true, to: false, status: "applied" });
  });

  it("separates applied, pending and requested fields of one ModifyReplicationGroup", () => {
    const modify = ev(
      "ModifyReplicationGroup",
      "2024-05-03T08:00:00Z",
      {
        replicationGroupId: RG,
        applyImmediately: true,
        engineVersion: "7.1.1", // replication group responses do not report engine versions
        snapshotRetentionLimit: 5,
        userGroupIdsToAdd: ["orders-users"],
      },
      group({
        snapshotRetentionLimit: 5,
        status: "modifying",
        pendingModifiedValues: { userGroups: { userGroupIdsToAdd: ["orders-users"], userGroupIdsToRemove: [] } },
      }),
    );
    const h = reconstructHistory("replication-group", RG, [create, modify]);
    const step = h.steps[1];
    expect(change(step, "snapshotRetentionLimit")).toMatchObject({ from: 1, to: 5, status: "applied" });
    expect(change(step, "userGroupIds")).toMatchObject({
      from: [],
      to: ["orders-users"],
      status: "pending",
      note: "apply immediately",
    });
    expect(change(step, "engineVersion")).toEqual({
      field: "engineVersion",
      from: "7.1",
      to: "7.1.1",
      status: "requested",
      note: "apply immediately",
    });
    expect(step?.category).toBe("modify");
  });

  it("follows a reshard from requested to applied, then replicas per shard", () => {
    const reshard = ev(
      "ModifyReplicationGroupShardConfiguration",
      "2024-05-04T08:00:00Z",
      { replicationGroupId: RG, nodeGroupCount: 3, applyImmediately: true },
      null,
    );
    const threeShards = [1, 2, 3].map((n) => ({
      nodeGroupId: `000${n}`,
      status: "available",
      nodeGroupMembers: [member(`orders-000${n}-001`), member(`orders-000${n}-002`)],
    }));
    const replicas = ev(
      "IncreaseReplicaCount",
      "2024-05-05T08:00:00Z",
      { replicationGroupId: RG, newReplicaCount: 2, applyImmediately: true },
      { replicationGroup: group({ status: "modifying", nodeGroups: threeShards }) },
    );
    const h = reconstructHistory("replication-group", RG, [create, reshard, replicas]);
    expect(h.steps[1]?.category).toBe("scale");
    expect(change(h.steps[1], "numNodeGroups")).toMatchObject({ from: 1, to: 3, status: "requested" });
    expect(change(h.steps[2], "numNodeGroups")).toMatchObject({
      from: 1,
      to: 3,
      status: "applied",
      note: "requested change applied",
    });
    expect(change(h.steps[2], "replicasPerNodeGroup")).toMatchObject({ from: 1, to: 2, status: "requested" });
  });

  it("shows resharding in progress as pending", () => {
    const reshard = ev(
      "ModifyReplicationGroupShardConfiguration",
      "2024-05-04T08:00:00Z",
      { replicationGroupId: RG, nodeGroupCount: 2, applyImmediately: true },
      group({
        status: "modifying",
        pendingModifiedValues: { resharding: { slotMigration: { progressPercentage: 0 } } },
      }),
    );
    const h = reconstructHistory("replication-group", RG, [create, reshard]);
    expect(change(h.steps[1], "numNodeGroups")).toEqual({
      field: "numNodeGroups",
      from: 1,
      to: 2,
      status: "pending",
      note: "apply immediately",
    });
  });

  it("records a test failover, then the new primary when a response shows it", () => {
    const failover = ev(
      "TestFailover",
      "2024-05-06T08:00:00Z",
      { replicationGroupId: RG, nodeGroupId: "0001" },
      group({ status: "available" }),
    );
    const later = ev(
      "ModifyReplicationGroup",
      "2024-05-06T09:00:00Z",
      { replicationGroupId: RG, snapshotWindow: "05:00-06:00", applyImmediately: true },
      group({
        snapshotWindow: "05:00-06:00",
        nodeGroups: [
          {
            nodeGroupId: "0001",
            status: "available",
            nodeGroupMembers: [member("orders-001", "replica"), member("orders-002", "primary")],
          },
        ],
      }),
    );
    // The create response listed no members yet: the primary is first learnt from the
    // TestFailover response, which is taken before the failover happens.
    const h = reconstructHistory("replication-group", RG, [create, failover, later]);
    const step = h.steps[1];
    expect(step?.category).toBe("failover");
    const c = change(step, "failover");
    expect(c).toMatchObject({ status: "requested", note: "test failover of node group 0001" });
    expect(describeChange(c!)).toMatch(/^test failover of node group 0001 requested/);
    expect(step?.configAfter.primaryClusterId?.value).toBe("orders-001");
    expect(change(h.steps[2], "primaryClusterId")).toMatchObject({
      from: "orders-001",
      to: "orders-002",
      note: "observed in response",
    });
  });

  it("drops replicas named in DecreaseReplicaCount from the group and deletes the member clusters", () => {
    const decrease = ev(
      "DecreaseReplicaCount",
      "2024-05-07T08:00:00Z",
      { replicationGroupId: RG, replicasToRemove: ["orders-002"], applyImmediately: true },
      null,
    );
    const h = reconstructHistory("replication-group", RG, [create, decrease]);
    expect(change(h.steps[1], "memberClusters")).toMatchObject({
      from: ["orders-001", "orders-002"],
      to: ["orders-001"],
      status: "requested",
    });

    const m = reconstructHistory("cache-cluster", "orders-002", [create, decrease]);
    expect(m.steps.map((s) => s.category)).toEqual(["create", "delete"]);
    expect(m.lifecycles[0]).toMatchObject({
      status: "deleted",
      createEventId: create.eventId,
      deleteEventId: decrease.eventId,
    });
    expect(configurationValues(m.steps[0]!.configAfter)).toMatchObject({
      replicationGroupId: RG,
      engine: "redis",
      engineVersion: "7.1",
      cacheNodeType: "cache.r6g.large",
      authTokenEnabled: true,
    });
  });

  it("deletes member clusters with the group and creates its final snapshot", () => {
    const del = ev(
      "DeleteReplicationGroup",
      "2024-06-01T08:00:00Z",
      { replicationGroupId: RG, finalSnapshotIdentifier: "orders-final" },
      group({ status: "deleting" }),
    );
    expect(reconstructHistory("replication-group", RG, [create, del]).lifecycles[0]?.status).toBe("deleted");
    expect(reconstructHistory("cache-cluster", "orders-001", [create, del]).status).toBe("deleted");
    const snap = reconstructHistory("snapshot", "orders-final", [del]);
    expect(snap.steps[0]?.category).toBe("create");
    expect(snap.status).toBe("live");
    expect(configurationValues(snap.steps[0]!.configAfter)).toMatchObject({
      replicationGroupId: RG,
      snapshotSource: "final snapshot",
    });
  });

  it("keeps the retained primary alive when the group is deleted with retainPrimaryCluster", () => {
    const withRoles = ev(
      "ModifyReplicationGroup",
      "2024-05-10T08:00:00Z",
      { replicationGroupId: RG, snapshotRetentionLimit: 2, applyImmediately: true },
      group({ snapshotRetentionLimit: 2 }),
    );
    const del = ev(
      "DeleteReplicationGroup",
      "2024-06-01T08:00:00Z",
      { replicationGroupId: RG, retainPrimaryCluster: true },
      group({ status: "deleting" }),
    );
    const primary = reconstructHistory("cache-cluster", "orders-001", [create, withRoles, del]);
    expect(primary.status).toBe("live");
    expect(primary.steps.at(-1)?.configAfter.replicationGroupId?.value).toBeNull();
    expect(reconstructHistory("cache-cluster", "orders-002", [create, withRoles, del]).status).toBe("deleted");
  });
});
