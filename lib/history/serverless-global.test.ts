import { describe, expect, it } from "vitest";
import { configurationValues } from "./configuration";
import { describeChange } from "./describe-change";
import { reconstructHistory } from "./reconstruct";
import { ev } from "@/tests/fixtures/history-events";
import type { FieldChange, HistoryStep } from "./types";

const change = (step: HistoryStep | undefined, field: string, status?: string): FieldChange | undefined =>
  step?.changes.find((c) => c.field === field && (status === undefined || c.status === status));

describe("serverless caches", () => {
  const NAME = "checkout-cache";
  const limits = { dataStorage: { maximum: 10, unit: "GB" }, eCPUPerSecond: { maximum: 5000 } };
  function cache(over: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      serverlessCache: {
        serverlessCacheName: NAME,
        description: "checkout",
        status: "available",
        engine: "valkey",
        majorEngineVersion: "8",
        fullEngineVersion: "8.0",
        cacheUsageLimits: limits,
        securityGroupIds: ["sg-0cc33"],
        subnetIds: ["subnet-b", "subnet-a"],
        userGroupId: "checkout-users",
        snapshotRetentionLimit: 1,
        dailySnapshotTime: "04:00",
        aRN: `arn:aws:elasticache:eu-west-1:123456789012:serverlesscache:${NAME}`,
        ...over,
      },
    };
  }
  const create = ev(
    "CreateServerlessCache",
    "2024-07-01T10:00:00Z",
    {
      serverlessCacheName: NAME,
      engine: "valkey",
      majorEngineVersion: "8",
      description: "checkout",
      cacheUsageLimits: limits,
      securityGroupIds: ["sg-0cc33"],
      subnetIds: ["subnet-a", "subnet-b"],
      userGroupId: "checkout-users",
    },
    cache({ status: "creating" }),
  );

  it("creates from the wrapped response", () => {
    const h = reconstructHistory("serverless-cache", NAME, [create]);
    expect(configurationValues(h.steps[0]!.configAfter)).toMatchObject({
      engine: "valkey",
      majorEngineVersion: "8",
      engineVersion: "8.0",
      cacheUsageLimits: limits,
      securityGroups: ["sg-0cc33"],
      subnetIds: ["subnet-a", "subnet-b"],
      userGroupId: "checkout-users",
      dailySnapshotTime: "04:00",
      status: "creating",
    });
  });

  it("applies what the response reports and marks the rest requested", () => {
    const bigger = { dataStorage: { maximum: 50, unit: "GB" }, eCPUPerSecond: { maximum: 20000 } };
    const modify = ev(
      "ModifyServerlessCache",
      "2024-07-02T10:00:00Z",
      {
        serverlessCacheName: NAME,
        cacheUsageLimits: bigger,
        dailySnapshotTime: "06:00",
        removeUserGroup: true,
        description: "checkout (EU)",
      },
      cache({ status: "modifying", cacheUsageLimits: bigger, dailySnapshotTime: "06:00", userGroupId: undefined }),
    );
    const h = reconstructHistory("serverless-cache", NAME, [create, modify]);
    const step = h.steps[1];
    expect(change(step, "cacheUsageLimits")).toMatchObject({ from: limits, to: bigger, status: "applied" });
    expect(change(step, "dailySnapshotTime")).toMatchObject({ from: "04:00", to: "06:00", status: "applied" });
    expect(change(step, "description")).toMatchObject({ from: "checkout", to: "checkout (EU)", status: "requested" });
    expect(change(step, "userGroupId")).toMatchObject({ from: "checkout-users", to: null, status: "requested" });
    expect(describeChange(change(step, "dailySnapshotTime")!)).toBe("dailySnapshotTime 04:00 → 06:00");
  });

  it("creates the final snapshot's history from DeleteServerlessCache", () => {
    const del = ev(
      "DeleteServerlessCache",
      "2024-08-01T10:00:00Z",
      { serverlessCacheName: NAME, finalSnapshotName: "checkout-final" },
      cache({ status: "deleting" }),
    );
    expect(reconstructHistory("serverless-cache", NAME, [create, del]).status).toBe("deleted");
    const snap = reconstructHistory("serverless-cache-snapshot", "checkout-final", [del]);
    expect(snap.steps[0]?.category).toBe("create");
    expect(snap.steps[0]?.configAfter.serverlessCacheName?.value).toBe(NAME);
  });
});

describe("global datastores", () => {
  const GID = "ldgnf-sessions";
  function global(
    members: Array<[string, string, string]>,
    over: Record<string, unknown> = {},
  ): Record<string, unknown> {
    return {
      globalReplicationGroup: {
        globalReplicationGroupId: GID,
        globalReplicationGroupDescription: "sessions everywhere",
        status: "available",
        cacheNodeType: "cache.r6g.large",
        engine: "redis",
        engineVersion: "7.1.0",
        members: members.map(([replicationGroupId, replicationGroupRegion, role]) => ({
          replicationGroupId,
          replicationGroupRegion,
          role,
          automaticFailover: "enabled",
          status: "associated",
        })),
        clusterEnabled: true,
        globalNodeGroups: [{ globalNodeGroupId: `${GID}-0001`, slots: "0-16383" }],
        authTokenEnabled: false,
        transitEncryptionEnabled: true,
        atRestEncryptionEnabled: true,
        ...over,
      },
    };
  }
  const create = ev(
    "CreateGlobalReplicationGroup",
    "2024-09-01T10:00:00Z",
    {
      globalReplicationGroupIdSuffix: "sessions",
      globalReplicationGroupDescription: "sessions everywhere",
      primaryReplicationGroupId: "sessions-eu",
    },
    global([["sessions-eu", "eu-west-1", "PRIMARY"]], { status: "creating" }),
  );
  const joinUs = ev(
    "CreateReplicationGroup",
    "2024-09-02T10:00:00Z",
    { replicationGroupId: "sessions-us", replicationGroupDescription: "us secondary", globalReplicationGroupId: GID },
    {
      replicationGroup: {
        replicationGroupId: "sessions-us",
        status: "creating",
        globalReplicationGroupInfo: { globalReplicationGroupId: GID, globalReplicationGroupMemberRole: "SECONDARY" },
      },
    },
  );

  it("is found by its generated id and records members", () => {
    const h = reconstructHistory("global-replication-group", GID, [joinUs, create]);
    expect(h.lifecycles[0]?.createEventId).toBe(create.eventId);
    expect(configurationValues(h.steps[0]!.configAfter)).toMatchObject({
      primaryReplicationGroupId: "sessions-eu",
      secondaryReplicationGroupIds: [],
      numNodeGroups: 1,
      engineVersion: "7.1.0",
    });
    expect(change(h.steps[1], "secondaryReplicationGroupIds")).toMatchObject({
      from: [],
      to: ["sessions-us"],
      status: "applied",
    });
  });

  it("tracks node-type, version and failover settings asked of the datastore", () => {
    const modify = ev(
      "ModifyGlobalReplicationGroup",
      "2024-09-03T10:00:00Z",
      {
        globalReplicationGroupId: GID,
        applyImmediately: true,
        cacheNodeType: "cache.r6g.xlarge",
        engineVersion: "7.1.1",
        automaticFailoverEnabled: false,
      },
      global([["sessions-eu", "eu-west-1", "PRIMARY"]], { status: "modifying" }),
    );
    const h = reconstructHistory("global-replication-group", GID, [create, modify]);
    const step = h.steps[1];
    expect(change(step, "cacheNodeType")).toMatchObject({
      from: "cache.r6g.large",
      to: "cache.r6g.xlarge",
      status: "requested",
      note: "apply immediately",
    });
    expect(change(step, "engineVersion")).toMatchObject({ from: "7.1.0", to: "7.1.1", status: "requested" });
    expect(change(step, "automaticFailover")).toMatchObject({ from: "enabled", to: "disabled", status: "requested" });
  });

  it("scales node groups", () => {
    const grow = ev(
      "IncreaseNodeGroupsInGlobalReplicationGroup",
      "2024-09-04T10:00:00Z",
      { globalReplicationGroupId: GID, nodeGroupCount: 2, applyImmediately: true },
      global([["sessions-eu", "eu-west-1", "PRIMARY"]], {
        globalNodeGroups: [
          { globalNodeGroupId: `${GID}-0001`, slots: "0-8191" },
          { globalNodeGroupId: `${GID}-0002`, slots: "8192-16383" },
        ],
      }),
    );
    const h = reconstructHistory("global-replication-group", GID, [create, grow]);
    expect(h.steps[1]?.category).toBe("scale");
    expect(change(h.steps[1], "numNodeGroups")).toMatchObject({ from: 1, to: 2, status: "applied" });
  });

  it("follows a failover from requested to applied, on the datastore and on its members", () => {
    const failover = ev(
      "FailoverGlobalReplicationGroup",
      "2024-09-05T10:00:00Z",
      { globalReplicationGroupId: GID, primaryRegion: "us-east-1", primaryReplicationGroupId: "sessions-us" },
      global(
        [
          ["sessions-eu", "eu-west-1", "PRIMARY"],
          ["sessions-us", "us-east-1", "SECONDARY"],
        ],
        { status: "modifying" },
      ),
    );
    const after = ev(
      "ModifyGlobalReplicationGroup",
      "2024-09-05T11:00:00Z",
      {
        globalReplicationGroupId: GID,
        applyImmediately: true,
        globalReplicationGroupDescription: "sessions (us primary)",
      },
      global(
        [
          ["sessions-eu", "eu-west-1", "SECONDARY"],
          ["sessions-us", "us-east-1", "PRIMARY"],
        ],
        { globalReplicationGroupDescription: "sessions (us primary)" },
      ),
    );
    const h = reconstructHistory("global-replication-group", GID, [create, joinUs, failover, after]);
    expect(h.steps[2]?.category).toBe("failover");
    expect(change(h.steps[2], "primaryReplicationGroupId")).toMatchObject({
      from: "sessions-eu",
      to: "sessions-us",
      status: "requested",
    });
    expect(change(h.steps[3], "primaryReplicationGroupId")).toMatchObject({
      to: "sessions-us",
      status: "applied",
      note: "requested change applied",
    });

    const eu = reconstructHistory("replication-group", "sessions-eu", [create, failover]);
    // Creating the datastore is not the replication group's creation.
    expect(eu.steps[0]?.category).toBe("modify");
    expect(eu.lifecycles[0]?.createEventId).toBeUndefined();
    expect(configurationValues(eu.steps[0]!.configAfter)).toMatchObject({
      globalReplicationGroupId: GID,
      globalReplicationGroupRole: "primary",
    });
    expect(change(eu.steps[1], "globalReplicationGroupRole")).toMatchObject({
      from: "primary",
      to: "secondary",
      status: "requested",
    });
    const us = reconstructHistory("replication-group", "sessions-us", [joinUs, failover]);
    expect(configurationValues(us.steps[0]!.configAfter)).toMatchObject({
      globalReplicationGroupId: GID,
      globalReplicationGroupRole: "secondary",
    });
    expect(us.steps[1]?.category).toBe("failover");
    expect(change(us.steps[1], "globalReplicationGroupRole")).toMatchObject({ to: "primary", status: "requested" });
  });

  it("detaches a secondary", () => {
    const detach = ev(
      "DisassociateGlobalReplicationGroup",
      "2024-09-06T10:00:00Z",
      { globalReplicationGroupId: GID, replicationGroupId: "sessions-us", replicationGroupRegion: "us-east-1" },
      global([["sessions-eu", "eu-west-1", "PRIMARY"]]),
    );
    const h = reconstructHistory("global-replication-group", GID, [create, joinUs, detach]);
    expect(change(h.steps[2], "secondaryReplicationGroupIds")).toMatchObject({
      from: ["sessions-us"],
      to: [],
      status: "applied",
    });
    expect(h.steps[2]?.configAfter).not.toHaveProperty("replicationGroupId");
    const us = reconstructHistory("replication-group", "sessions-us", [joinUs, detach]);
    expect(us.steps[1]?.configAfter.globalReplicationGroupId?.value).toBeNull();
  });
});
