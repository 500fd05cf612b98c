import { describe, expect, it } from "vitest";
import { configurationAt, configurationValues } from "./configuration";
import { describeChange } from "./describe-change";
import { reconstructHistory } from "./reconstruct";
import { summariseReads } from "./reads";
import { seedEvent } from "@/tests/fixtures/history-events";

const create = seedEvent("create-cache-cluster.json");
const describeCall = seedEvent("describe-cache-clusters.json");
const modify = seedEvent("modify-cache-cluster.json");

describe("seed document: test-memcached", () => {
  // Out of order on purpose: CloudTrail files hold records in no particular order.
  const history = reconstructHistory("cache-cluster", "test-memcached", [modify, describeCall, create]);

  it("orders the three records by time", () => {
    expect(history.steps.map((s) => s.eventName)).toEqual([
      "CreateCacheCluster",
      "DescribeCacheClusters",
      "ModifyCacheCluster",
    ]);
  });

  it("is created by elasticache-allow with the request + response configuration", () => {
    const [step] = history.steps;
    expect(step?.category).toBe("create");
    expect(history.lifecycles).toHaveLength(1);
    expect(history.lifecycles[0]).toMatchObject({
      index: 0,
      status: "live",
      createdAt: new Date("2014-12-01T22:00:35Z"),
      createdBy: "elasticache-allow",
      createEventId: "92762127-7a68-42ce-8787-927d2174cde1",
    });
    expect(configurationValues(step!.configAfter)).toMatchObject({
      numCacheNodes: 2,
      cacheNodeType: "cache.m1.small",
      engine: "memcached",
      // Not in the request: only the response says which version and parameter group AWS chose.
      engineVersion: "1.4.14",
      aZMode: "cross-az",
      parameterGroup: "default.memcached1.4",
      preferredAvailabilityZone: "Multiple",
      preferredMaintenanceWindow: "thu:05:00-thu:06:00",
      cacheSecurityGroups: ["default"],
      status: "creating",
    });
    expect(step!.changes.find((c) => c.field === "engineVersion")).toEqual({
      field: "engineVersion",
      from: undefined,
      to: "1.4.14",
      status: "applied",
    });
  });

  it("treats the Describe as a read that changes nothing", () => {
    const [created, read] = history.steps;
    expect(read?.category).toBe("read");
    expect(read?.changes).toEqual([]);
    expect(read?.configAfter).toBe(created?.configAfter);
  });

  it("records numCacheNodes 2 → 3 as pending, apply immediately", () => {
    const step = history.steps[2]!;
    expect(step.category).toBe("modify");
    expect(step.actorName).toBe("elasticache-allow");
    const change = step.changes.find((c) => c.field === "numCacheNodes");
    expect(change).toEqual({ field: "numCacheNodes", from: 2, to: 3, status: "pending", note: "apply immediately" });
    expect(describeChange(change!)).toBe("numCacheNodes 2 → 3 (pending, apply immediately)");
    expect(step.configAfter.numCacheNodes).toEqual({ value: 2, pending: 3 });
    expect(step.configAfter.status?.value).toBe("modifying");
  });

  it("answers configurationAt for any time", () => {
    expect(configurationAt(history, new Date("2014-12-01T21:59:59Z"))).toEqual({});
    expect(configurationAt(history, new Date("2014-12-01T22:10:00Z")).numCacheNodes).toEqual({ value: 2 });
    expect(configurationAt(history, new Date("2014-12-01T22:32:21Z")).numCacheNodes).toEqual({ value: 2, pending: 3 });
  });

  it("summarises the read", () => {
    expect(summariseReads(history.steps)).toEqual([
      {
        day: "2014-12-01",
        actorName: "elasticache-allow",
        eventName: "DescribeCacheClusters",
        count: 1,
        failedCount: 0,
        eventIds: ["a58572a8-e81b-4100-8e00-1797ed19d172"],
      },
    ]);
  });
});
