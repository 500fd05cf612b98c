import { describe, expect, it } from "vitest";
import { configurationAt, configurationValues } from "./configuration";
import { describeChange } from "./describe-change";
import { reconstructHistory } from "./reconstruct";
import { ev } from "@/tests/fixtures/history-events";
import type { FieldChange, HistoryStep } from "./types";

const ID = "sessions-redis";

/** A cluster object as ModifyCacheCluster & co. return it (CloudTrail drops the CacheCluster wrapper). */
function cluster(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cacheClusterId: ID,
    engine: "redis",
    engineVersion: "6.2.6",
    cacheNodeType: "cache.t3.medium",
    numCacheNodes: 1,
    cacheClusterStatus: "available",
    preferredAvailabilityZone: "eu-west-1a",
    preferredMaintenanceWindow: "sun:02:00-sun:03:00",
    cacheParameterGroup: {
      cacheParameterGroupName: "default.redis6.x",
      parameterApplyStatus: "in-sync",
      cacheNodeIdsToReboot: [],
    },
    cacheSubnetGroupName: "private-cache",
    securityGroups: [{ securityGroupId: "sg-0aa11", status: "active" }],
    snapshotRetentionLimit: 1,
    snapshotWindow: "04:00-05:00",
    autoMinorVersionUpgrade: true,
    transitEncryptionEnabled: false,
    atRestEncryptionEnabled: false,
    authTokenEnabled: false,
    cacheClusterCreateTime: "Mar 3, 2024 9:12:44 AM",
    pendingModifiedValues: {},
    ...over,
  };
}

const created = ev(
  "CreateCacheCluster",
  "2024-03-03T09:12:44Z",
  {
    cacheClusterId: ID,
    engine: "redis",
    cacheNodeType: "cache.t3.medium",
    numCacheNodes: 1,
    cacheSubnetGroupName: "private-cache",
    securityGroupIds: ["sg-0aa11"],
    snapshotRetentionLimit: 1,
    tags: [{ key: "team", value: "payments" }],
  },
  cluster({ cacheClusterStatus: "creating", securityGroups: [{ securityGroupId: "sg-0aa11", status: "adding" }] }),
  { actor: "terraform" },
);

const fields = (step: HistoryStep | undefined): string[] => (step?.changes ?? []).map((c) => c.field);
const change = (step: HistoryStep | undefined, field: string): FieldChange | undefined =>
  step?.changes.find((c) => c.field === field);

describe("cache clusters", () => {
  it("builds the initial configuration from request and response, without response-only noise", () => {
    const h = reconstructHistory("cache-cluster", ID, [created]);
    const values = configurationValues(h.steps[0]!.configAfter);
    expect(values).toMatchObject({
      engine: "redis",
      engineVersion: "6.2.6",
      parameterGroup: "default.redis6.x",
      subnetGroup: "private-cache",
      securityGroups: ["sg-0aa11"],
      snapshotRetentionLimit: 1,
      "tags.team": "payments",
      status: "creating",
    });
    expect(values).not.toHaveProperty("cacheClusterCreateTime");
    expect(h.lifecycles[0]?.createdBy).toBe("terraform");
  });

  it("keeps a deferred engine upgrade pending until a later response shows it applied", () => {
    const upgrade = ev(
      "ModifyCacheCluster",
      "2024-03-10T10:00:00Z",
      { cacheClusterId: ID, engineVersion: "7.1", applyImmediately: false },
      cluster({ pendingModifiedValues: { engineVersion: "7.1" } }),
    );
    const later = ev(
      "ModifyCacheCluster",
      "2024-03-20T08:00:00Z",
      { cacheClusterId: ID, snapshotWindow: "05:00-06:00", applyImmediately: true },
      cluster({ engineVersion: "7.1", snapshotWindow: "05:00-06:00", cacheClusterStatus: "modifying" }),
    );
    const h = reconstructHistory("cache-cluster", ID, [later, upgrade, created]);
    const [, up, after] = h.steps;
    expect(change(up, "engineVersion")).toEqual({
      field: "engineVersion",
      from: "6.2.6",
      to: "7.1",
      status: "pending",
      note: "next maintenance window",
    });
    expect(configurationAt(h, new Date("2024-03-15T00:00:00Z")).engineVersion).toEqual({
      value: "6.2.6",
      pending: "7.1",
    });
    expect(change(after, "engineVersion")).toEqual({
      field: "engineVersion",
      from: "6.2.6",
      to: "7.1",
      status: "applied",
      note: "pending change applied",
    });
    expect(describeChange(change(after, "engineVersion")!)).toBe("engineVersion 6.2.6 → 7.1 (pending change applied)");
    expect(change(after, "snapshotWindow")).toMatchObject({
      from: "04:00-05:00",
      to: "05:00-06:00",
      status: "applied",
    });
    expect(after?.configAfter.engineVersion).toEqual({ value: "7.1" });
  });

  it("applies what the response already shows (parameter group, security groups)", () => {
    const modify = ev(
      "ModifyCacheCluster",
      "2024-03-05T12:00:00Z",
      {
        cacheClusterId: ID,
        cacheParameterGroupName: "sessions-params",
        securityGroupIds: ["sg-0bb22", "sg-0aa11"],
        applyImmediately: true,
      },
      cluster({
        cacheParameterGroup: { cacheParameterGroupName: "sessions-params", parameterApplyStatus: "applying" },
        securityGroups: [
          { securityGroupId: "sg-0aa11", status: "active" },
          { securityGroupId: "sg-0bb22", status: "adding" },
        ],
      }),
    );
    const h = reconstructHistory("cache-cluster", ID, [created, modify]);
    const step = h.steps[1];
    expect(change(step, "parameterGroup")).toEqual({
      field: "parameterGroup",
      from: "default.redis6.x",
      to: "sessions-params",
      status: "applied",
      note: "apply immediately",
    });
    expect(change(step, "securityGroups")).toMatchObject({
      from: ["sg-0aa11"],
      to: ["sg-0aa11", "sg-0bb22"],
      status: "applied",
    });
  });

  it("marks a change as requested when the response is null, then applied when a response shows it", () => {
    const asked = ev(
      "ModifyCacheCluster",
      "2024-03-06T00:00:00Z",
      { cacheClusterId: ID, snapshotRetentionLimit: 7 },
      null,
    );
    const confirm = ev(
      "ModifyCacheCluster",
      "2024-03-07T00:00:00Z",
      { cacheClusterId: ID, autoMinorVersionUpgrade: false },
      cluster({ snapshotRetentionLimit: 7, autoMinorVersionUpgrade: false }),
    );
    const h = reconstructHistory("cache-cluster", ID, [created, asked, confirm]);
    expect(change(h.steps[1], "snapshotRetentionLimit")).toEqual({
      field: "snapshotRetentionLimit",
      from: 1,
      to: 7,
      status: "requested",
    });
    expect(h.steps[1]?.configAfter.snapshotRetentionLimit).toEqual({ value: 1, requested: 7 });
    expect(change(h.steps[2], "snapshotRetentionLimit")).toMatchObject({
      from: 1,
      to: 7,
      status: "applied",
      note: "requested change applied",
    });
    expect(h.steps[2]?.configAfter.snapshotRetentionLimit).toEqual({ value: 7 });
  });

  it("reports drift the response reveals and pending values that vanish unapplied", () => {
    const grow = ev(
      "ModifyCacheCluster",
      "2024-03-06T00:00:00Z",
      { cacheClusterId: ID, numCacheNodes: 2 },
      cluster({ pendingModifiedValues: { numCacheNodes: 2 } }),
    );
    // A console change nobody logged here moved the window; the pending node was cancelled.
    const other = ev(
      "ModifyCacheCluster",
      "2024-03-09T00:00:00Z",
      { cacheClusterId: ID, snapshotRetentionLimit: 3, applyImmediately: true },
      cluster({ snapshotRetentionLimit: 3, preferredMaintenanceWindow: "mon:01:00-mon:02:00" }),
    );
    const h = reconstructHistory("cache-cluster", ID, [created, grow, other]);
    expect(change(h.steps[1], "numCacheNodes")).toEqual({ field: "numCacheNodes", from: 1, to: 2, status: "pending" });
    const step = h.steps[2];
    expect(change(step, "preferredMaintenanceWindow")).toMatchObject({
      from: "sun:02:00-sun:03:00",
      to: "mon:01:00-mon:02:00",
      status: "applied",
      note: "observed in response",
    });
    expect(change(step, "numCacheNodes")).toMatchObject({ from: 2, to: 1, note: "pending change no longer reported" });
    expect(step?.configAfter.numCacheNodes).toEqual({ value: 1 });
  });

  it("treats a reboot as a reboot step with no configuration change", () => {
    const reboot = ev(
      "RebootCacheCluster",
      "2024-03-08T00:00:00Z",
      { cacheClusterId: ID, cacheNodeIdsToReboot: ["0001"] },
      cluster({ cacheClusterStatus: "rebooting cache cluster nodes" }),
    );
    const h = reconstructHistory("cache-cluster", ID, [created, reboot]);
    expect(h.steps[1]).toMatchObject({ category: "reboot", failed: false, changes: [] });
    expect(h.steps[1]?.configAfter).toBe(h.steps[0]?.configAfter);
  });

  it("changes nothing on a failed call", () => {
    const denied = ev(
      "ModifyCacheCluster",
      "2024-03-08T00:00:00Z",
      { cacheClusterId: ID, cacheNodeType: "cache.r6g.large" },
      null,
      {
        errorCode: "InvalidParameterCombination",
      },
    );
    const h = reconstructHistory("cache-cluster", ID, [created, denied]);
    expect(h.steps[1]).toMatchObject({ category: "modify", failed: true, changes: [] });
    expect(h.steps[1]?.configAfter.cacheNodeType?.value).toBe("cache.t3.medium");
  });

  it("ends the lifecycle on delete and keeps the last configuration", () => {
    const del = ev(
      "DeleteCacheCluster",
      "2024-04-01T00:00:00Z",
      { cacheClusterId: ID, finalSnapshotIdentifier: "sessions-final" },
      cluster({ cacheClusterStatus: "deleting" }),
      { actor: "bob" },
    );
    const h = reconstructHistory("cache-cluster", ID, [created, del]);
    expect(h.status).toBe("deleted");
    expect(h.lifecycles[0]).toMatchObject({ status: "deleted", deletedBy: "bob", deleteEventId: del.eventId });
    expect(h.steps[1]?.category).toBe("delete");
    expect(fields(h.steps[1])).toEqual(expect.arrayContaining(["status", "finalSnapshot"]));
    expect(configurationValues(h.steps[1]!.configAfter)).toMatchObject({
      status: "deleted",
      finalSnapshot: "sessions-final",
      engine: "redis",
    });
  });

  it("notes a cluster's snapshot in its history without changing it", () => {
    const snap = ev(
      "CreateSnapshot",
      "2024-03-09T00:00:00Z",
      { cacheClusterId: ID, snapshotName: "before-upgrade" },
      { snapshotName: "before-upgrade", cacheClusterId: ID, snapshotStatus: "creating", snapshotSource: "manual" },
    );
    const h = reconstructHistory("cache-cluster", ID, [created, snap]);
    expect(h.steps[1]).toMatchObject({ category: "snapshot", changes: [] });
  });
});
