import { describe, expect, it } from "vitest";
import { reconstructHistory } from "@/lib/history";
import { ev } from "@/tests/fixtures/history-events";
import { decodeFacts, encodeFacts } from "./facts-encoding";
import type { ResourceFacts, TimelineRow } from "./facts";

const alice = { key: "IAMUser:arn:aws:iam::1:user/alice", name: "alice", type: "IAMUser" };
const created = ev(
  "CreateCacheCluster",
  "2025-01-01T00:00:00",
  { cacheClusterId: "c1", numCacheNodes: 1, engine: "redis" },
  null,
  { actor: "alice" },
);
const resized = ev(
  "ModifyCacheCluster",
  "2025-01-02T00:00:00",
  { cacheClusterId: "c1", numCacheNodes: 2, applyImmediately: true },
  null,
  { actor: "alice" },
);
const failed = ev("RebootCacheCluster", "2025-01-03T00:00:00", { cacheClusterId: "c1" }, null, {
  actor: "alice",
  errorCode: "InvalidCacheClusterState",
});
const row = (e: typeof created, rowId: bigint, role = "target"): TimelineRow => ({
  rowId,
  role,
  eventId: e.eventId,
  eventTime: e.eventTime,
  eventName: e.eventName,
  errorCode: e.errorCode,
  errorMessage: e.errorCode ? "not now" : null,
  readOnly: false,
  actor: alice,
});

const facts = (): ResourceFacts => ({
  history: reconstructHistory("cache-cluster", "c1", [created, resized, failed]),
  counts: [
    {
      day: "2025-01-01",
      eventName: "CreateCacheCluster",
      readOnly: false,
      failed: false,
      own: true,
      count: 1,
      firstAt: created.eventTime,
      lastAt: created.eventTime,
      actor: alice,
    },
    {
      day: "2025-01-02",
      eventName: "DescribeCacheClusters",
      readOnly: true,
      failed: false,
      own: true,
      count: 40,
      firstAt: resized.eventTime,
      lastAt: failed.eventTime,
      actor: alice,
    },
  ],
  // The failed reboot is not among the writes (there were too many to keep them all).
  writes: [row(resized, 12n), row(created, 3n)],
  allWrites: false,
  related: [
    {
      kind: "parameter-group",
      resourceId: "default.redis7",
      accountId: "1",
      region: "eu-west-1",
      roles: ["parameter-group"],
      shared: 1,
      lastSeen: created.eventTime,
    },
  ],
  eventCount: 43,
  throughTime: failed.eventTime,
});

describe("encodeFacts / decodeFacts", () => {
  it("give back the facts through JSON", () => {
    const original = facts();
    expect(decodeFacts(JSON.parse(JSON.stringify(encodeFacts(original))))).toEqual(original);
  });

  it("store a related resource as the same tuple as before it had a domain type (FACTS_VERSION unchanged)", () => {
    expect(encodeFacts(facts()).related).toEqual([
      ["parameter-group", "default.redis7", "1", "eu-west-1", ["parameter-group"], 1, created.eventTime.getTime()],
    ]);
  });

  it("refer to the write a history step came from instead of repeating it", () => {
    const steps = encodeFacts(facts()).history.steps;
    expect(steps.map((s) => ("w" in s ? s.w : s.id))).toEqual([1, 0, failed.eventId]);
  });
});
