import { describe, expect, it } from "vitest";
import { INFERRED_ROLE, LINK_RULES_VERSION, runEventLinkPass } from "@/lib/resources/event-links";
import { loadResourcePage } from "@/lib/resources/queries";
import { clearResourceStateCache, storedFactsSettled } from "@/lib/resources/resource-state";
import { parseTimelineParams } from "@/lib/resources/timeline-params";
import { ACCOUNT, REGION, record } from "@/tests/fixtures/resource-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { testDatabaseWith } from "../helpers/database";

// The background link pass (lib/resources/event-links.ts): links older rules missed, added from the stored
// records (events stored "under the old rules" are made by removing the links those rules did not write,
// with the counters they kept), and links inferred from stored state for calls whose record names no member.

const RG = "orders-redis";
const m = (shard: number, n: number) => `${RG}-000${shard}-00${n}`;
const MEMBERS = [m(1, 1), m(1, 2), m(2, 1), m(2, 2)];

const groupResponse = (status: string) => ({
  replicationGroupId: RG,
  status,
  pendingModifiedValues: {},
  memberClusters: MEMBERS,
  nodeGroups: [1, 2].map((s) => ({
    nodeGroupId: `000${s}`,
    nodeGroupMembers: [1, 2].map((n) => ({ cacheClusterId: m(s, n), cacheNodeId: "0001" })),
  })),
  clusterEnabled: true,
  cacheNodeType: "cache.r6g.large",
});

const userGroup = (id: string, userIds: string[]) => ({ userGroupId: id, status: "active", engine: "redis", userIds });

function records(): Record<string, unknown>[] {
  return [
    record("CreateUser", "2026-10-01T09:00:00Z", { userId: "ops-user", userName: "ops", engine: "redis" }, null),
    record(
      "CreateUserGroup",
      "2026-10-01T09:10:00Z",
      { userGroupId: "ops-group", engine: "redis", userIds: ["default", "ops-user"] },
      userGroup("ops-group", ["default", "ops-user"]),
      { actor: "carol.admin" },
    ),
    // Deleted with its users listed: older rules linked only the group.
    record(
      "DeleteUserGroup",
      "2026-10-03T09:00:00Z",
      { userGroupId: "ops-group" },
      userGroup("ops-group", ["default", "ops-user"]),
      { actor: "dave.admin" },
    ),
    record(
      "CreateUserGroup",
      "2026-10-04T09:00:00Z",
      { userGroupId: "quiet-group", engine: "redis", userIds: ["ops-user"] },
      userGroup("quiet-group", ["ops-user"]),
    ),
    // Deleted with a null response: its users are inferred.
    record("DeleteUserGroup", "2026-10-06T09:00:00Z", { userGroupId: "quiet-group" }, null, { actor: "erin.admin" }),
    record(
      "CreateReplicationGroup",
      "2026-10-01T10:00:00Z",
      { replicationGroupId: RG, engine: "redis", cacheNodeType: "cache.r6g.large", numNodeGroups: 2 },
      groupResponse("creating"),
    ),
    // Null responses: the members are named nowhere.
    record(
      "ModifyReplicationGroup",
      "2026-10-02T10:00:00Z",
      { replicationGroupId: RG, cacheNodeType: "cache.r6g.xlarge", applyImmediately: true },
      null,
      { actor: "frank.ops" },
    ),
    record(
      "ModifyReplicationGroupShardConfiguration",
      "2026-10-05T10:00:00Z",
      { replicationGroupId: RG, nodeGroupCount: 1, applyImmediately: true, nodeGroupsToRemove: ["0002"] },
      null,
      { actor: "frank.ops" },
    ),
  ];
}

const database = testDatabaseWith(records);
const key = (kind: string, resourceId: string) => ({ accountId: ACCOUNT, region: REGION, kind, resourceId });

async function pageOf(kind: string, id: string, at?: string) {
  clearResourceStateCache();
  const page = await loadResourcePage(database.prisma, key(kind, id), parseTimelineParams(at ? { at } : {}));
  if (!page) throw new Error(`no page for ${kind} ${id}`);
  return page;
}

const valueOf = async (kind: string, id: string, field: string, at?: string) =>
  (await pageOf(kind, id, at)).configuration.fields.find((f) => f.field === field);

async function links(eventName: string, kind: string) {
  return database.prisma.$queryRaw<Array<{ resource_id: string; role: string }>>`
    SELECT r.resource_id, er.role FROM event_resource er JOIN event e ON e.id = er.event_id
    JOIN resource r ON r.id = er.resource_id
    WHERE e.event_name = ${eventName} AND r.kind = ${kind} ORDER BY e.event_time, r.resource_id`;
}

/** Every resource's and actor_resource's counters against the links they count. */
async function countersOffLinks(): Promise<number> {
  const [row] = await database.prisma.$queryRaw<Array<{ resources: number; actors: number }>>`
    SELECT
      (SELECT count(*)::int FROM resource r
        WHERE r.event_count <> (SELECT count(*) FROM event_resource er WHERE er.resource_id = r.id)) AS resources,
      (SELECT count(*)::int FROM actor_resource ar
        WHERE ar.event_count <> (SELECT count(*) FROM event_resource er JOIN event e ON e.id = er.event_id
          WHERE er.resource_id = ar.resource_id AND e.actor_id = ar.actor_id)) AS actors`;
  return row!.resources + row!.actors;
}

/** Takes away the links the first linking rules did not write (DeleteUserGroup's users), counters included. */
async function asStoredUnderOldRules(): Promise<void> {
  await database.prisma.$executeRaw`
    WITH gone AS (
      DELETE FROM event_resource er USING event e, resource r
      WHERE e.id = er.event_id AND r.id = er.resource_id AND e.event_name = 'DeleteUserGroup' AND r.kind = 'user'
      RETURNING er.resource_id, e.actor_id
    ),
    r AS (
      UPDATE resource SET event_count = event_count - n FROM (SELECT resource_id, count(*) AS n FROM gone GROUP BY 1) g
      WHERE resource.id = g.resource_id RETURNING 1
    )
    UPDATE actor_resource SET event_count = event_count - g.n, write_count = write_count - g.n
    FROM (SELECT resource_id, actor_id, count(*) AS n FROM gone GROUP BY 1, 2) g
    WHERE actor_resource.resource_id = g.resource_id AND actor_resource.actor_id = g.actor_id`;
  await database.prisma.$executeRaw`DELETE FROM event_link_pass`;
}

describe("the link pass", () => {
  it("adds the links older rules missed from the stored records, page by page, and nothing twice", async () => {
    await asStoredUnderOldRules();
    expect(await links("DeleteUserGroup", "user")).toEqual([]);
    expect(await countersOffLinks()).toBe(0);
    // Before the pass the user still seems to be in the deleted group.
    expect((await valueOf("user", "ops-user", "userGroupIds"))?.value).toBe("[ops-group, quiet-group]");
    await storedFactsSettled();

    // Pages of 3 event row ids: the pass takes several, and stops once every stored event was read.
    const first = await runEventLinkPass(database.prisma, { pageEvents: 3, budgetMs: 60_000 });
    const [{ last }] = await database.prisma.$queryRaw<[{ last: bigint }]>`SELECT max(id) AS last FROM event`;
    expect(first.done).toBe(true);
    expect(first.read).toBe(Number(last));
    expect(await links("DeleteUserGroup", "user")).toEqual([
      { resource_id: "default", role: "user" },
      { resource_id: "ops-user", role: "user" },
      { resource_id: "ops-user", role: INFERRED_ROLE },
    ]);
    expect(await countersOffLinks()).toBe(0);

    const user = await pageOf("user", "ops-user");
    expect(user.configuration.fields.find((f) => f.field === "userGroupIds")?.value).toBe("[]");
    const left = user.timeline.items.filter((i) => i.eventName === "DeleteUserGroup");
    expect(left.map((i) => [i.actor.name, i.role, i.cause?.resourceId, i.changes.map((c) => c.text)])).toEqual([
      ["erin.admin", INFERRED_ROLE, "quiet-group", ["userGroupIds [quiet-group] → []"]],
      ["dave.admin", "user", "ops-group", ["userGroupIds [ops-group] → []"]],
    ]);

    // Again from the start (a new rules version would do this): nothing more to add.
    await database.prisma.$executeRaw`DELETE FROM event_link_pass`;
    const again = await runEventLinkPass(database.prisma, { budgetMs: 60_000 });
    expect(again).toEqual({ read: Number(last), linked: 0, done: true });
    const [progress] = await database.prisma.$queryRaw<Array<{ version: number }>>`SELECT version FROM event_link_pass`;
    expect(progress?.version).toBe(LINK_RULES_VERSION);
  });

  it("infers the members a group call with a null response reached, from the members stored before it", async () => {
    await runEventLinkPass(database.prisma, { budgetMs: 60_000 });
    expect(await links("ModifyReplicationGroup", "cache-cluster")).toEqual(
      MEMBERS.map((id) => ({ resource_id: id, role: INFERRED_ROLE })),
    );
    const nodeType = await valueOf("cache-cluster", m(2, 1), "cacheNodeType", "2026-10-02T12:00:00.000Z");
    expect([nodeType?.value, nodeType?.requested]).toEqual(["cache.r6g.large", "cache.r6g.xlarge"]);
    const member = await pageOf("cache-cluster", m(2, 1));
    const modify = member.timeline.items.find((i) => i.eventName === "ModifyReplicationGroup");
    expect([modify?.actor.name, modify?.cause?.resourceId]).toEqual(["frank.ops", RG]);
    // The shard it was in was removed: its lifecycle ends at that call; the first shard's members live on.
    expect(member.status).toBe("deleted");
    expect(member.lifecycles.at(-1)?.deletedAt).toBe("2026-10-05T10:00:00.000Z");
    expect((await pageOf("cache-cluster", m(1, 2))).status).toBe("live");
    expect(await countersOffLinks()).toBe(0);
    // The group's own timeline lists the members its call reached, as if its record had named them.
    const call = (await pageOf("replication-group", RG)).timeline.items.find(
      (i) => i.eventName === "ModifyReplicationGroup",
    );
    expect(call?.effects).toEqual([
      {
        label: "member clusters",
        resources: MEMBERS.map((id) => key("cache-cluster", id)),
        more: 0,
        fields: ["cacheNodeType"],
      },
    ]);
  });

  it("a member stored after the group call that did not name it is reached once its own event is read", async () => {
    const late = `${RG}-0001-003`;
    await storeRecords(database.prisma, [
      record(
        "CreateCacheCluster",
        "2026-10-01T11:00:00Z",
        { cacheClusterId: late, replicationGroupId: RG, cacheNodeType: "cache.r6g.large", engine: "redis" },
        { cacheClusterId: late, cacheClusterStatus: "creating", replicationGroupId: RG, engine: "redis" },
      ),
    ]);
    await runEventLinkPass(database.prisma, { budgetMs: 60_000 });
    expect((await links("ModifyReplicationGroup", "cache-cluster")).map((l) => l.resource_id)).toContain(late);
    const nodeType = await valueOf("cache-cluster", late, "cacheNodeType");
    expect([nodeType?.value, nodeType?.requested]).toEqual(["cache.r6g.large", "cache.r6g.xlarge"]);
    expect(await countersOffLinks()).toBe(0);
  });

  it("two passes at once add each missing link once (event_resource has no unique key)", async () => {
    await asStoredUnderOldRules();
    await Promise.all([
      runEventLinkPass(database.prisma, { budgetMs: 60_000 }),
      runEventLinkPass(database.prisma, { budgetMs: 60_000 }),
    ]);
    const [twice] = await database.prisma.$queryRaw<[{ n: number }]>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM event_resource GROUP BY event_id, resource_id HAVING count(*) > 1) d`;
    expect(twice.n).toBe(0);
    expect(await links("DeleteUserGroup", "user")).toEqual([
      { resource_id: "default", role: "user" },
      { resource_id: "ops-user", role: "user" },
      { resource_id: "ops-user", role: INFERRED_ROLE },
    ]);
    expect(await countersOffLinks()).toBe(0);
  });
});
