import { describe, expect, it } from "vitest";
import { ELASTICACHE_OPERATIONS } from "@/lib/elasticache/operations";
import { eventKind } from "./kind";

const call = (eventName: string, readOnly = false, errorCode: string | null = null) => ({
  eventName,
  readOnly,
  errorCode,
});

describe("event kinds", () => {
  it("a failure is failed whatever it tried, and a read is a read", () => {
    expect(eventKind(call("DeleteCacheCluster", false, "AccessDenied"))).toBe("failed");
    expect(eventKind(call("DescribeCacheClusters", true, "Throttling"))).toBe("failed");
    expect(eventKind(call("DescribeCacheClusters", true))).toBe("read");
  });

  it("sorts writes by the name's verb", () => {
    expect(eventKind(call("CreateReplicationGroup"))).toBe("create");
    expect(eventKind(call("CopySnapshot"))).toBe("create");
    expect(eventKind(call("DeleteUserGroup"))).toBe("delete");
    expect(eventKind(call("ModifyCacheCluster"))).toBe("modify");
    expect(eventKind(call("IncreaseReplicaCount"))).toBe("modify");
    expect(eventKind(call("ResetCacheParameterGroup"))).toBe("modify");
    expect(eventKind(call("RebootCacheCluster"))).toBe("other-write");
    expect(eventKind(call("TestFailover"))).toBe("other-write");
    expect(eventKind(call("AddTagsToResource"))).toBe("other-write");
  });

  it("gives every ElastiCache write a kind that changes something", () => {
    const kinds = new Set(
      Object.entries(ELASTICACHE_OPERATIONS)
        .filter(([, op]) => !op.readOnly)
        .map(([name]) => eventKind(call(name))),
    );
    expect([...kinds].sort()).toEqual(["create", "delete", "modify", "other-write"]);
  });
});
