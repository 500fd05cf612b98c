import { describe, expect, it } from "vitest";
import { describeChange } from "./describe-change";
import { diffConfigurations } from "./diff";

describe("describeChange", () => {
  it("renders the common shapes", () => {
    expect(
      describeChange({ field: "numCacheNodes", from: 2, to: 3, status: "pending", note: "apply immediately" }),
    ).toBe("numCacheNodes 2 → 3 (pending, apply immediately)");
    expect(describeChange({ field: "engineVersion", from: "6.2", to: "7.1", status: "applied" })).toBe(
      "engineVersion 6.2 → 7.1",
    );
    expect(
      describeChange({ field: "authToken", from: null, to: null, status: "applied", note: "auth token rotated" }),
    ).toBe("auth token rotated");
    expect(describeChange({ field: "securityGroups", from: ["sg-1"], to: ["sg-1", "sg-2"], status: "requested" })).toBe(
      "securityGroups [sg-1] → [sg-1, sg-2] (requested)",
    );
    expect(
      describeChange({
        field: "cacheUsageLimits",
        from: undefined,
        to: { dataStorage: { maximum: 10 } },
        status: "applied",
      }),
    ).toBe('cacheUsageLimits set to {"dataStorage":{"maximum":10}}');
    expect(describeChange({ field: "userGroupId", from: "ug", to: null, status: "applied" })).toBe(
      "userGroupId removed (was ug)",
    );
    expect(
      describeChange({
        field: "numCacheNodes",
        from: 3,
        to: 2,
        status: "applied",
        note: "pending change no longer reported",
      }),
    ).toBe("numCacheNodes: pending 3 no longer reported, stays 2");
    expect(
      describeChange({
        field: "failover",
        from: "rg-001",
        to: null,
        status: "requested",
        note: "test failover of node group 0001",
      }),
    ).toBe("test failover of node group 0001 requested (primary was rg-001)");
  });
});

describe("diffConfigurations", () => {
  it("compares two points in time field by field", () => {
    const before = { engineVersion: { value: "6.2" }, numCacheNodes: { value: 2 }, "tags.env": { value: "dev" } };
    const after = {
      engineVersion: { value: "7.1" },
      numCacheNodes: { value: 2, pending: 3 },
      snapshotWindow: { value: "04:00-05:00", requested: "05:00-06:00" },
    };
    expect(diffConfigurations(before, after)).toEqual([
      { field: "engineVersion", from: "6.2", to: "7.1", status: "applied" },
      { field: "numCacheNodes", from: 2, to: 3, status: "pending" },
      { field: "snapshotWindow", from: undefined, to: "04:00-05:00", status: "applied" },
      { field: "snapshotWindow", from: "04:00-05:00", to: "05:00-06:00", status: "requested" },
      { field: "tags.env", from: "dev", to: undefined, status: "applied" },
    ]);
    expect(diffConfigurations(after, after)).toEqual([]);
  });
});
