import { describe, expect, it } from "vitest";
import { DERIVED_ROLE, INFERRED_ROLE, runEventLinkPass } from "@/lib/resources/event-links";
import { loadResourcePage } from "@/lib/resources/queries";
import { clearResourceStateCache, storedFactsSettled } from "@/lib/resources/resource-state";
import { parseTimelineParams } from "@/lib/resources/timeline-params";
import { ACCOUNT, REGION, record } from "@/tests/fixtures/resource-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { testDatabaseWith } from "../helpers/database";

// Members a group call adds or removes without naming them (its response is null): their ids are derived
// from the request and what the group held (lib/history/effects.ts, `unnamed`), the link pass links them with
// the role `derived` (lib/resources/event-links.ts), and each member's own page shows the call: its lifecycle
// starts (or ends) there, by the group call's caller, and later group calls that name no member reach it.

const PAY = "pay-redis";
const pay = (n: number) => `${PAY}-00${n}`;
const CM = "orders-redis";
const cm = (shard: number, n: number) => `${CM}-000${shard}-00${n}`;
const BARE = "bare-redis";

const single = (ids: string[]) => ({
  replicationGroupId: PAY,
  status: "creating",
  memberClusters: ids,
  nodeGroups: [{ nodeGroupId: "0001", nodeGroupMembers: ids.map((id) => ({ cacheClusterId: id })) }],
  cacheNodeType: "cache.r6g.large",
  pendingModifiedValues: {},
});

const sharded = (shards: number[]) => ({
  replicationGroupId: CM,
  status: "creating",
  clusterEnabled: true,
  memberClusters: shards.flatMap((s) => [cm(s, 1), cm(s, 2)]),
  nodeGroups: shards.map((s) => ({
    nodeGroupId: `000${s}`,
    nodeGroupMembers: [{ cacheClusterId: cm(s, 1) }, { cacheClusterId: cm(s, 2) }],
  })),
  cacheNodeType: "cache.r6g.large",
  pendingModifiedValues: {},
});

function records(): Record<string, unknown>[] {
  return [
    // A single-shard group whose response names its members, then calls whose responses name none.
    record(
      "CreateReplicationGroup",
      "2026-10-01T10:00:00Z",
      { replicationGroupId: PAY, engine: "redis", cacheNodeType: "cache.r6g.large", numCacheClusters: 2 },
      single([pay(1), pay(2)]),
      { actor: "alice.ops" },
    ),
    record(
      "IncreaseReplicaCount",
      "2026-10-02T10:00:00Z",
      { replicationGroupId: PAY, newReplicaCount: 2, applyImmediately: true },
      null,
      { actor: "carol.sre" },
    ),
    record(
      "ModifyReplicationGroup",
      "2026-10-03T10:00:00Z",
      { replicationGroupId: PAY, cacheNodeType: "cache.r6g.xlarge", applyImmediately: true },
      null,
      { actor: "dave.ops" },
    ),
    record("DeleteReplicationGroup", "2026-10-05T10:00:00Z", { replicationGroupId: PAY }, null, {
      actor: "erin.ops",
    }),
    // Cluster mode: a shard added by name, a shard removed, both with null responses.
    record(
      "CreateReplicationGroup",
      "2026-10-01T11:00:00Z",
      { replicationGroupId: CM, engine: "redis", numNodeGroups: 2, replicasPerNodeGroup: 1 },
      sharded([1, 2]),
      { actor: "alice.ops" },
    ),
    record(
      "ModifyReplicationGroupShardConfiguration",
      "2026-10-02T11:00:00Z",
      {
        replicationGroupId: CM,
        nodeGroupCount: 3,
        applyImmediately: true,
        reshardingConfiguration: [{ nodeGroupId: "0003", preferredAvailabilityZones: ["eu-west-1a", "eu-west-1b"] }],
      },
      null,
      { actor: "frank.sre" },
    ),
    record(
      "ModifyReplicationGroupShardConfiguration",
      "2026-10-04T11:00:00Z",
      { replicationGroupId: CM, nodeGroupCount: 2, applyImmediately: true, nodeGroupsToRemove: ["0002"] },
      null,
      { actor: "frank.sre" },
    ),
    // A group created with a null response: every member derived from the request.
    record(
      "CreateReplicationGroup",
      "2026-10-01T12:00:00Z",
      { replicationGroupId: BARE, engine: "redis", cacheNodeType: "cache.t4g.small", numCacheClusters: 2 },
      null,
      { actor: "gina.ops" },
    ),
  ];
}

const database = testDatabaseWith(records);
const key = (kind: string, resourceId: string) => ({ accountId: ACCOUNT, region: REGION, kind, resourceId });

async function pageOf(id: string, at?: string) {
  clearResourceStateCache();
  const page = await loadResourcePage(database.prisma, key("cache-cluster", id), parseTimelineParams(at ? { at } : {}));
  if (!page) throw new Error(`no page for ${id}`);
  return page;
}

const field = async (id: string, name: string, at?: string) => {
  const f = (await pageOf(id, at)).configuration.fields.find((x) => x.field === name);
  return f ? [f.value, f.pending, f.requested] : undefined;
};

async function links(eventName: string) {
  return database.prisma.$queryRaw<Array<{ resource_id: string; role: string }>>`
    SELECT r.resource_id, er.role FROM event_resource er JOIN event e ON e.id = er.event_id
    JOIN resource r ON r.id = er.resource_id
    WHERE e.event_name = ${eventName} AND r.kind = 'cache-cluster' ORDER BY e.event_time, r.resource_id`;
}

async function countersOffLinks(): Promise<number> {
  const [row] = await database.prisma.$queryRaw<Array<{ off: number }>>`
    SELECT count(*)::int AS off FROM resource r
    WHERE r.event_count <> (SELECT count(*) FROM event_resource er WHERE er.resource_id = r.id)`;
  return row!.off;
}

describe("members derived from a group call's request", () => {
  it("before the pass, a derived member has no page of its own", async () => {
    const found = await loadResourcePage(database.prisma, key("cache-cluster", pay(3)), parseTimelineParams({}));
    expect(found).toBeNull();
  });

  it("the pass links them as derived, and nothing twice", async () => {
    const first = await runEventLinkPass(database.prisma, { budgetMs: 60_000 });
    expect(first.done).toBe(true);
    expect(await links("IncreaseReplicaCount")).toEqual([{ resource_id: pay(3), role: DERIVED_ROLE }]);
    expect(await links("CreateReplicationGroup")).toEqual([
      { resource_id: pay(1), role: "member" },
      { resource_id: pay(2), role: "member" },
      { resource_id: cm(1, 1), role: "member" },
      { resource_id: cm(1, 2), role: "member" },
      { resource_id: cm(2, 1), role: "member" },
      { resource_id: cm(2, 2), role: "member" },
      { resource_id: `${BARE}-001`, role: DERIVED_ROLE },
      { resource_id: `${BARE}-002`, role: DERIVED_ROLE },
    ]);
    // Both reshardings also reach every member known then (inferred); only those of a shard it removes end.
    const inferred = (ids: string[]) => ids.map((resource_id) => ({ resource_id, role: INFERRED_ROLE }));
    const derivedLinks = (ids: string[]) => ids.map((resource_id) => ({ resource_id, role: DERIVED_ROLE }));
    expect(await links("ModifyReplicationGroupShardConfiguration")).toEqual([
      ...inferred([cm(1, 1), cm(1, 2), cm(2, 1), cm(2, 2)]),
      ...derivedLinks([cm(3, 1), cm(3, 2)]),
      ...inferred([cm(1, 1), cm(1, 2)]),
      ...derivedLinks([cm(2, 1), cm(2, 2)]),
      ...inferred([cm(3, 1), cm(3, 2)]),
    ]);
    // Later group calls that name no member reach the derived one (it is known to the group now).
    expect((await links("ModifyReplicationGroup")).filter((l) => l.resource_id === pay(3))).toEqual([
      { resource_id: pay(3), role: INFERRED_ROLE },
    ]);
    expect(await countersOffLinks()).toBe(0);
    await database.prisma.$executeRaw`DELETE FROM event_link_pass`;
    expect((await runEventLinkPass(database.prisma, { budgetMs: 60_000 })).linked).toBe(0);
  });

  it("a replica added by IncreaseReplicaCount: created there by its caller, changed and deleted with its group", async () => {
    const page = await pageOf(pay(3));
    expect(
      page.lifecycles.map((l) => [l.status, l.createdAt, l.createdBy?.name, l.deletedAt, l.deletedBy?.name]),
    ).toEqual([["deleted", "2026-10-02T10:00:00.000Z", "carol.sre", "2026-10-05T10:00:00.000Z", "erin.ops"]]);
    const created = page.timeline.items.find((i) => i.eventName === "IncreaseReplicaCount");
    expect([created?.role, created?.cause?.resourceId, created?.actor.name]).toEqual([DERIVED_ROLE, PAY, "carol.sre"]);
    // Its configuration at several instants.
    expect(await field(pay(3), "replicationGroupId", "2026-10-02T12:00:00.000Z")).toEqual([PAY, null, null]);
    expect(await field(pay(3), "cacheNodeType", "2026-10-02T12:00:00.000Z")).toBeUndefined();
    expect(await field(pay(3), "cacheNodeType", "2026-10-03T12:00:00.000Z")).toEqual([
      "unknown",
      null,
      "cache.r6g.xlarge",
    ]);
    expect(await field(pay(3), "status", "2026-10-04T00:00:00.000Z")).toEqual(["creating", null, null]);
    expect(await field(pay(3), "status")).toEqual(["deleted", null, null]);
    // Before its creation, nothing was known of it.
    expect((await pageOf(pay(3), "2026-10-01T12:00:00.000Z")).configuration.fields).toEqual([]);
  });

  it("resharding with a null response: the named new shard's members start, the removed shard's end", async () => {
    const added = await pageOf(cm(3, 2));
    expect(added.lifecycles.map((l) => [l.status, l.createdAt, l.createdBy?.name])).toEqual([
      ["live", "2026-10-02T11:00:00.000Z", "frank.sre"],
    ]);
    expect(await field(cm(3, 2), "nodeGroupId")).toEqual(["0003", null, null]);
    const removed = await pageOf(cm(2, 1));
    expect(removed.lifecycles.map((l) => [l.status, l.createdBy?.name, l.deletedAt, l.deletedBy?.name])).toEqual([
      ["deleted", "alice.ops", "2026-10-04T11:00:00.000Z", "frank.sre"],
    ]);
    expect(await field(cm(2, 1), "status", "2026-10-03T00:00:00.000Z")).toEqual(["creating", null, null]);
    expect((await pageOf(cm(1, 1))).status).toBe("live");
  });

  it("a group created with a null response: its members start with the settings the request gave", async () => {
    const page = await pageOf(`${BARE}-002`);
    expect(page.lifecycles.map((l) => [l.status, l.createdAt, l.createdBy?.name])).toEqual([
      ["live", "2026-10-01T12:00:00.000Z", "gina.ops"],
    ]);
    expect(await field(`${BARE}-002`, "cacheNodeType")).toEqual(["cache.t4g.small", null, null]);
    expect(await field(`${BARE}-002`, "replicationGroupId")).toEqual([BARE, null, null]);
    await storedFactsSettled();
  });

  it("a group write delivered late that tells what the group held gives its earlier call the links it derives", async () => {
    const LATE = "late-redis";
    const increase = record(
      "IncreaseReplicaCount",
      "2026-10-06T10:00:00Z",
      { replicationGroupId: LATE, newReplicaCount: 2, applyImmediately: true },
      null,
      { actor: "carol.sre" },
    );
    await storeRecords(database.prisma, [increase]);
    await runEventLinkPass(database.prisma, { budgetMs: 60_000 });
    // Nothing known of the group's members: some added, none named.
    expect((await links("IncreaseReplicaCount")).map((l) => l.resource_id)).toEqual([pay(3)]);
    // Its create, dated earlier, arrives later and names two members: the third is derived now.
    await storeRecords(database.prisma, [
      record(
        "CreateReplicationGroup",
        "2026-10-06T09:00:00Z",
        { replicationGroupId: LATE, engine: "redis", numCacheClusters: 2 },
        { ...single([`${LATE}-001`, `${LATE}-002`]), replicationGroupId: LATE },
        { actor: "hana.ops" },
      ),
    ]);
    await runEventLinkPass(database.prisma, { budgetMs: 60_000 });
    expect((await links("IncreaseReplicaCount")).map((l) => [l.resource_id, l.role])).toEqual([
      [pay(3), DERIVED_ROLE],
      [`${LATE}-003`, DERIVED_ROLE],
    ]);
    const page = await pageOf(`${LATE}-003`);
    expect(page.lifecycles.map((l) => [l.status, l.createdAt, l.createdBy?.name])).toEqual([
      ["live", "2026-10-06T10:00:00.000Z", "carol.sre"],
    ]);
    expect(await countersOffLinks()).toBe(0);
  });
});
