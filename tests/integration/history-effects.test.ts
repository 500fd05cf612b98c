import { describe, expect, it } from "vitest";
import { FACTS_VERSION } from "@/lib/resources/facts-encoding";
import { findResource, loadResourcePage } from "@/lib/resources/queries";
import { clearResourceStateCache, storedFactsSettled } from "@/lib/resources/resource-state";
import { rebuildOutdatedHistories } from "@/lib/resources/sweeper";
import { parseTimelineParams } from "@/lib/resources/timeline-params";
import {
  CMD,
  MEMCACHED,
  RG,
  SERVERLESS,
  T,
  USER,
  USER_GROUP,
  lifecycleRecords,
  member,
} from "@/tests/fixtures/history/lifecycle-records";
import { ACCOUNT, REGION, record } from "@/tests/fixtures/resource-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { testDatabaseWith } from "../helpers/database";

// The whole estate of tests/fixtures/history/lifecycle-records.ts ingested through the real
// store, then read back through the resource pages: members', users' and groups' configuration
// at several instants, the effects on both sides' timelines, primaries, and late delivery.

const database = testDatabaseWith(lifecycleRecords);

const key = (kind: string, resourceId: string) => ({ accountId: ACCOUNT, region: REGION, kind, resourceId });

async function pageOf(kind: string, id: string, at?: string) {
  const page = await loadResourcePage(database.prisma, key(kind, id), parseTimelineParams(at ? { at } : {}));
  if (!page) throw new Error(`no page for ${kind} ${id}`);
  return page;
}

/** The configuration as the page shows it: field → value (with → pending / → requested). */
async function configAt(kind: string, id: string, at?: string): Promise<Record<string, string>> {
  const page = await pageOf(kind, id, at);
  return Object.fromEntries(
    page.configuration.fields.map((f) => [
      f.field,
      f.value + (f.pending ? ` → ${f.pending} pending` : "") + (f.requested ? ` → ${f.requested} requested` : ""),
    ]),
  );
}

const second = (iso: string, s: number) => new Date(Date.parse(iso) + s * 1000).toISOString();

describe("member clusters follow their replication group", () => {
  it("a first member: created with the group's settings, scaled up with it, deleted with it", async () => {
    const m = member(1, 1);
    expect(await configAt("cache-cluster", m, T.created)).toMatchObject({
      replicationGroupId: RG,
      engine: "redis",
      engineVersion: "7.1",
      cacheNodeType: "cache.r6g.large",
      parameterGroup: "default.redis7.cluster.on",
      subnetGroup: "payments-subnets",
      securityGroups: "[sg-0a1b2c3d4e5f60718]",
      preferredMaintenanceWindow: "sun:05:00-sun:06:00",
      transitEncryptionEnabled: "yes",
      authTokenEnabled: "yes",
      nodeGroupId: "0001",
      status: "creating",
    });
    expect((await configAt("cache-cluster", m, second(T.scaledUp, -1))).cacheNodeType).toBe("cache.r6g.large");
    expect((await configAt("cache-cluster", m, T.scaledUp)).cacheNodeType).toBe("cache.r6g.xlarge");
    const page = await pageOf("cache-cluster", m);
    expect(page.lifecycles).toMatchObject([
      { status: "deleted", createdAt: `${T.created.replace("Z", ".000Z")}`, createdBy: { name: "alice.ops" } },
    ]);
    expect(page.lifecycles[0]?.deletedAt).toBe(new Date(T.deleted).toISOString());
  });

  it("shows the group's change on the member's timeline with its cause, and the token rotation", async () => {
    const page = await pageOf("cache-cluster", member(2, 2));
    const scale = page.timeline.items.find((i) => i.eventTime === new Date(T.scaledUp).toISOString());
    expect(scale).toMatchObject({
      eventName: "ModifyReplicationGroup",
      actor: { name: "alice.ops" },
      category: "modify",
    });
    expect(scale?.cause).toEqual(key("replication-group", RG));
    expect(scale?.changes.map((c) => c.text)).toEqual([
      "cacheNodeType cache.r6g.large → cache.r6g.xlarge (apply immediately)",
    ]);
    const rotate = page.timeline.items.find((i) => i.eventTime === new Date(T.tokenRotated).toISOString());
    expect(rotate?.changes.map((c) => c.text)).toEqual(["auth token rotated (pending)"]);
    expect(rotate?.actor.name).toBe("bob.sec");
  });

  it("members added by resharding and by IncreaseReplicaCount start at that call", async () => {
    const resharded = await pageOf("cache-cluster", member(3, 1));
    expect(resharded.lifecycles).toMatchObject([{ createdBy: { name: "carol.sre" }, status: "deleted" }]);
    expect(resharded.lifecycles[0]?.createdAt).toBe(new Date(T.resharded).toISOString());
    const added = member(3, 3);
    expect(await configAt("cache-cluster", added, second(T.replicasAdded, -1))).toEqual({});
    expect(await configAt("cache-cluster", added, T.replicasAdded)).toMatchObject({
      replicationGroupId: RG,
      cacheNodeType: "cache.r6g.xlarge",
      nodeGroupId: "0003",
      status: "creating",
    });
    const page = await pageOf("cache-cluster", added);
    expect(page.lifecycles[0]?.createdAt).toBe(new Date(T.replicasAdded).toISOString());
    expect(page.lifecycles[0]?.deletedAt).toBe(new Date(T.deleted).toISOString());
    // A member that existed before is not created again.
    expect((await pageOf("cache-cluster", member(1, 2))).lifecycles).toHaveLength(1);
  });

  it("lists the effects on the group's own timeline", async () => {
    const page = await pageOf("replication-group", RG);
    const scale = page.timeline.items.find((i) => i.eventTime === new Date(T.scaledUp).toISOString());
    expect(scale?.effects).toEqual([
      {
        label: "member clusters",
        resources: [member(1, 1), member(1, 2), member(2, 1), member(2, 2)].map((id) => key("cache-cluster", id)),
        more: 0,
        fields: ["cacheNodeType"],
      },
    ]);
    const final = await pageOf("snapshot", "payments-final");
    expect(final.lifecycles[0]?.createdAt).toBe(new Date(T.deleted).toISOString());
  });
});

describe("users and user groups", () => {
  it("the user's groups follow CreateUserGroup and ModifyUserGroup, at their times and by their callers", async () => {
    expect((await configAt("user", USER, second(T.userGroupCreated, -1))).userGroupIds).toBe("[]");
    expect((await configAt("user", USER, T.userGroupCreated)).userGroupIds).toBe(`[${USER_GROUP}]`);
    expect((await configAt("user", USER, "2026-11-04T00:00:00Z")).userGroupIds).toBe(`[${USER_GROUP}]`);
    expect((await configAt("user", USER, T.userRemoved)).userGroupIds).toBe("[]");
    const page = await pageOf("user", USER);
    const created = page.timeline.items.find((i) => i.eventName === "CreateUserGroup");
    expect(created).toMatchObject({ actor: { name: "dana.iam" }, cause: key("user-group", USER_GROUP) });
    // The later ModifyUser's response agrees: nothing is "observed in response".
    const modify = page.timeline.items.find((i) => i.eventName === "ModifyUser");
    expect(modify?.changes.map((c) => c.field)).toEqual(["accessString", "status"]);
  });

  it("the user group knows the replication group and serverless cache that use it, until they go", async () => {
    expect(await configAt("user-group", USER_GROUP, T.groupUsesUserGroup)).toMatchObject({
      replicationGroups: `[${RG}]`,
      userIds: `[${USER}, default]`,
    });
    expect((await configAt("user-group", USER_GROUP, "2026-11-03T13:00:00Z")).serverlessCaches).toBe(`[${SERVERLESS}]`);
    const end = await configAt("user-group", USER_GROUP);
    expect(end).toMatchObject({ replicationGroups: "[]", serverlessCaches: "[]" });
  });
});

describe("primaries, pending values and lifecycles", () => {
  it("shows the primary of the single-shard group over time, and as of an instant", async () => {
    const page = await pageOf("replication-group", CMD);
    expect(page.primaries.map((p) => [p.clusterId?.resourceId, p.eventName, p.current])).toEqual([
      [`${CMD}-001`, "CreateReplicationGroup", false],
      [`${CMD}-002`, "TestFailover", true],
    ]);
    const before = await pageOf("replication-group", CMD, second(T.failover, -60));
    expect(before.primaries.map((p) => p.current)).toEqual([true, false]);
    expect((await configAt("replication-group", CMD, T.failover)).primaryClusterId).toBe(`${CMD}-002`);
    expect((await configAt("cache-cluster", `${CMD}-001`, "2026-11-01T10:00:00Z")).currentRole).toBe("primary");
    expect((await configAt("cache-cluster", `${CMD}-001`, T.failover)).currentRole).toBe("replica");
    expect((await configAt("cache-cluster", `${CMD}-002`, T.failover)).currentRole).toBe("primary");
  });

  it("the Memcached cluster: one lifecycle despite the denied try, pending then applied now by bob, then grown again", async () => {
    const page = await pageOf("cache-cluster", MEMCACHED);
    expect(page.lifecycles).toHaveLength(1);
    expect(page.lifecycles[0]).toMatchObject({ status: "live", createdBy: { name: "alice.ops" } });
    const now = page.timeline.items.find((i) => i.eventTime === new Date(T.memcachedNow).toISOString());
    expect(now).toMatchObject({ actor: { name: "bob.sre" }, category: "modify" });
    expect(now?.changes.map((c) => c.text)).toContain("numCacheNodes 2 → 4 (pending, apply immediately)");
    expect((await configAt("cache-cluster", MEMCACHED, T.memcachedDeferred)).numCacheNodes).toBe("2 → 4 pending");
    expect((await configAt("cache-cluster", MEMCACHED, T.memcachedSecond)).numCacheNodes).toBe("4 → 6 pending");
  });
});

describe("late delivery and upgrades", () => {
  it("a group change delivered after the member's history was stored reaches it, as if it had come in order", async () => {
    const m = member(1, 2);
    await pageOf("cache-cluster", m);
    await storedFactsSettled();
    const late = record(
      "ModifyReplicationGroup",
      "2026-11-02T12:00:00Z",
      { replicationGroupId: RG, preferredMaintenanceWindow: "mon:02:00-mon:03:00", applyImmediately: true },
      {
        replicationGroupId: RG,
        status: "modifying",
        memberClusters: [member(1, 1), member(1, 2), member(2, 1), member(2, 2)],
        pendingModifiedValues: {},
      },
      { actor: "grace.ops" },
    );
    await storeRecords(database.prisma, [late]);
    clearResourceStateCache();
    const after = await pageOf("cache-cluster", m);
    const item = after.timeline.items.find((i) => i.actor.name === "grace.ops");
    expect(item?.changes.map((c) => c.text)).toEqual([
      "preferredMaintenanceWindow sun:05:00-sun:06:00 → mon:02:00-mon:03:00 (requested, apply immediately)",
    ]);
    expect(item?.cause).toEqual(key("replication-group", RG));
    await storedFactsSettled();
    await database.prisma.$executeRaw`DELETE FROM resource_history`;
    clearResourceStateCache();
    expect(await pageOf("cache-cluster", m)).toEqual(after);
  });

  it("the sweeper rebuilds histories stored under older rules", async () => {
    await pageOf("user", USER);
    await pageOf("cache-cluster", member(2, 1));
    await storedFactsSettled();
    await database.prisma.$executeRaw`UPDATE resource_history SET version = ${FACTS_VERSION - 100}`;
    const outdated = await database.prisma.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM resource_history WHERE version <> ${FACTS_VERSION}`;
    expect(outdated[0]!.n).toBeGreaterThanOrEqual(2);
    expect(await rebuildOutdatedHistories(database.prisma, { limit: 1_000 })).toBe(outdated[0]!.n);
    const user = await findResource(database.prisma, key("user", USER));
    const rows = await database.prisma.$queryRaw<Array<{ version: number; event_count: number }>>`
      SELECT version, event_count FROM resource_history WHERE resource_id = ${user!.id}`;
    expect(rows).toEqual([{ version: FACTS_VERSION, event_count: user!.event_count }]);
    expect(await rebuildOutdatedHistories(database.prisma)).toBe(0);
  });
});
