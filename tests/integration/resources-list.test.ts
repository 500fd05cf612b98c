import { describe, expect, it } from "vitest";
import { listResources } from "@/lib/resources/queries";
import { summariseResources } from "@/lib/resources/summaries";
import { PAGE_SIZE, parseResourceListParams, resourceListSearch } from "@/lib/resources/list-params";
import { ACCOUNT, REGION, record } from "@/tests/fixtures/resource-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import { testDatabaseWith } from "../helpers/database";

const OTHER_ACCOUNT = "444455556666";
const OTHER_REGION = "us-east-1";

const created = (id: string, time: string, engine = "redis", version = "7.1", opts = {}) =>
  record(
    "CreateCacheCluster",
    time,
    { cacheClusterId: id, engine, engineVersion: version, numCacheNodes: 1, cacheNodeType: "cache.t4g.micro" },
    {
      cacheClusterId: id,
      engine,
      engineVersion: version,
      numCacheNodes: 1,
      cacheClusterStatus: "creating",
      pendingModifiedValues: {},
    },
    opts,
  );

function records(): unknown[] {
  const out: unknown[] = [
    created("alpha-001", "2025-01-01T10:00:00Z"),
    record(
      "ModifyCacheCluster",
      "2025-01-05T10:00:00Z",
      { cacheClusterId: "alpha-001", engineVersion: "7.2", applyImmediately: true },
      {
        cacheClusterId: "alpha-001",
        engine: "redis",
        engineVersion: "7.2",
        cacheClusterStatus: "modifying",
        pendingModifiedValues: {},
      },
      { actor: "bob" },
    ),
    created("beta-001", "2025-01-02T10:00:00Z", "memcached", "1.6.22"),
    record(
      "DeleteCacheCluster",
      "2025-01-03T10:00:00Z",
      { cacheClusterId: "beta-001" },
      { cacheClusterId: "beta-001", engine: "memcached", cacheClusterStatus: "deleting" },
      { actor: "carol" },
    ),
    record("DescribeCacheClusters", "2025-01-04T10:00:00Z", { cacheClusterId: "gamma_1" }, null, { readOnly: true }),
    record("DescribeCacheClusters", "2025-01-04T11:00:00Z", { cacheClusterId: "gammax1" }, null, { readOnly: true }),
    created("alpha-100", "2025-01-06T10:00:00Z", "valkey", "8.0", { account: OTHER_ACCOUNT, region: OTHER_REGION }),
    record(
      "CreateReplicationGroup",
      "2025-01-07T10:00:00Z",
      {
        replicationGroupId: "orders",
        replicationGroupDescription: "orders",
        engine: "redis",
        engineVersion: "7.1",
        numCacheClusters: 2,
        cacheNodeType: "cache.r7g.large",
      },
      {
        replicationGroupId: "orders",
        description: "orders",
        status: "creating",
        memberClusters: ["orders-001", "orders-002"],
        automaticFailover: "enabled",
        cacheNodeType: "cache.r7g.large",
        pendingModifiedValues: {},
      },
    ),
    record(
      "CreateGlobalReplicationGroup",
      "2025-01-08T10:00:00Z",
      { globalReplicationGroupIdSuffix: "orders-global", primaryReplicationGroupId: "orders" },
      {
        globalReplicationGroupId: "ldgnf-orders-global",
        status: "creating",
        engine: "redis",
        engineVersion: "7.1",
        members: [
          { replicationGroupId: "orders", replicationGroupRegion: REGION, role: "PRIMARY", status: "associating" },
        ],
      },
    ),
    record(
      "CreateCacheParameterGroup",
      "2025-01-09T10:00:00Z",
      { cacheParameterGroupName: "pg-custom", cacheParameterGroupFamily: "redis7", description: "tuned" },
      {
        cacheParameterGroup: {
          cacheParameterGroupName: "pg-custom",
          cacheParameterGroupFamily: "redis7",
          description: "tuned",
        },
      },
    ),
  ];
  // Enough snapshots for two pages.
  for (let i = 0; i < PAGE_SIZE + 10; i++) {
    const name = `nightly-${String(i).padStart(3, "0")}`;
    const time = new Date(Date.parse("2025-02-01T00:00:00Z") + i * 3_600_000).toISOString();
    out.push(
      record(
        "CreateSnapshot",
        time,
        { snapshotName: name, cacheClusterId: "alpha-001" },
        {
          snapshot: {
            snapshotName: name,
            cacheClusterId: "alpha-001",
            snapshotStatus: "creating",
            engine: "redis",
            engineVersion: "7.2",
          },
        },
        { actor: "backup" },
      ),
    );
  }
  return out;
}

const database = testDatabaseWith(records);

const list = (raw: Record<string, string>) => listResources(database.prisma, parseResourceListParams(raw));
const ids = async (raw: Record<string, string>) => (await list(raw)).rows.map((r) => r.key.resourceId);

describe("resources list", () => {
  it("counts every kind for the tabs, whatever the kind selected", async () => {
    const all = await list({});
    expect(all.kindCounts).toEqual({
      "cache-cluster": 7,
      "replication-group": 1,
      "global-replication-group": 1,
      snapshot: PAGE_SIZE + 10,
      "parameter-group": 1,
    });
    expect((await list({ kind: "snapshot" })).kindCounts).toEqual(all.kindCounts);
    expect(all.accounts).toEqual([ACCOUNT, OTHER_ACCOUNT]);
    expect(all.regions).toEqual([REGION, OTHER_REGION]);
  });

  it("filters by kind, account and region; 'global' means the datastores", async () => {
    expect(await ids({ kind: "cache-cluster", account: OTHER_ACCOUNT })).toEqual(["alpha-100"]);
    expect(await ids({ region: OTHER_REGION })).toEqual(["alpha-100"]);
    expect(await ids({ region: "global" })).toEqual(["ldgnf-orders-global"]);
    expect((await list({ kind: "replication-group" })).total).toBe(1);
  });

  it("searches ids case-insensitively, with LIKE wildcards taken literally", async () => {
    expect(await ids({ q: "ALPHA", kind: "cache-cluster", sort: "id" })).toEqual(["alpha-001", "alpha-100"]);
    expect(await ids({ q: "gamma_" })).toEqual(["gamma_1"]);
    expect(await ids({ q: "%" })).toEqual([]);
  });

  it("sorts by every column, both ways, with a stable tie-break", async () => {
    expect(await ids({ kind: "cache-cluster", sort: "id" })).toEqual([
      "alpha-001",
      "alpha-100",
      "beta-001",
      "gamma_1",
      "gammax1",
      "orders-001",
      "orders-002",
    ]);
    expect(await ids({ kind: "cache-cluster", sort: "id", dir: "desc" })).toEqual([
      "orders-002",
      "orders-001",
      "gammax1",
      "gamma_1",
      "beta-001",
      "alpha-100",
      "alpha-001",
    ]);
    expect((await ids({ kind: "cache-cluster", sort: "firstSeen", dir: "asc" })).slice(0, 3)).toEqual([
      "alpha-001",
      "beta-001",
      "gamma_1",
    ]);
    expect((await ids({ kind: "cache-cluster", sort: "changes" })).slice(0, 2)).toEqual(["alpha-001", "beta-001"]); // 2 each, A→Z
    expect((await ids({ kind: "cache-cluster", sort: "events" }))[0]).toBe("alpha-001"); // 2 own calls + 60 snapshots taken from it
    // Never changed themselves (only read, or created by their group) → last, whatever the direction.
    const neverChanged = ["gamma_1", "gammax1", "orders-001", "orders-002"];
    expect(await ids({ kind: "cache-cluster", sort: "lastChange" })).toEqual([
      "alpha-100",
      "alpha-001",
      "beta-001",
      ...neverChanged,
    ]);
    expect(await ids({ kind: "cache-cluster", sort: "lastChange", dir: "asc" })).toEqual([
      "beta-001",
      "alpha-001",
      "alpha-100",
      ...neverChanged,
    ]);
  });

  it("pages by 50 without overlap", async () => {
    const first = await list({ kind: "snapshot", sort: "id" });
    const second = await list({ kind: "snapshot", sort: "id", page: "2" });
    expect(first).toMatchObject({ total: PAGE_SIZE + 10, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(second.rows.map((r) => r.key.resourceId)).toEqual(
      Array.from({ length: 10 }, (_, i) => `nightly-${String(PAGE_SIZE + i).padStart(3, "0")}`),
    );
  });

  it("derives engine, version, status and last change from the events", async () => {
    const rows = Object.fromEntries((await list({ kind: "cache-cluster" })).rows.map((r) => [r.key.resourceId, r]));
    expect(rows["alpha-001"]).toMatchObject({
      engine: "redis",
      engineVersion: "7.2",
      status: "live",
      changeCount: 2,
      lastChangedBy: { name: "bob" },
    });
    expect(rows["beta-001"]).toMatchObject({
      engine: "memcached",
      status: "deleted",
      lastChangedBy: { name: "carol" },
    });
    expect(rows["gamma_1"]).toMatchObject({ engine: null, status: "unknown", changeCount: 0, lastChangedBy: null });
    // Created by their replication group: live, with what the group's response says.
    expect(rows["orders-001"]).toMatchObject({ status: "live", engine: "redis", engineVersion: "7.1" });
    expect((await list({ kind: "parameter-group" })).rows[0]).toMatchObject({
      status: "live",
      engine: "redis7",
      engineVersion: null,
    });
    // Replication group responses carry no engine version: the requested one is shown.
    expect((await list({ kind: "replication-group" })).rows[0]).toMatchObject({
      status: "live",
      engine: "redis",
      engineVersion: "7.1",
    });
    expect((await list({ kind: "snapshot" })).rows[0]).toMatchObject({
      status: "live",
      engine: "redis",
      engineVersion: "7.2",
    });
  });
});

describe("engine and status filters", () => {
  it("list nothing until resources are summarised, and say how many are waiting", async () => {
    const before = await list({ status: "deleted" });
    expect(before.rows).toEqual([]);
    expect(before.unsummarised).toBe(70);
  });

  it("match the engine, version and status the list shows, once summarised", async () => {
    const shown = (await list({ kind: "cache-cluster" })).rows;
    while ((await summariseResources(database.prisma, 7)) > 0);
    // The summary holds what the list worked out from the events.
    expect((await list({ kind: "cache-cluster" })).rows).toEqual(shown);

    expect(await ids({ status: "deleted" })).toEqual(["beta-001"]);
    expect((await ids({ kind: "cache-cluster", status: "unknown" })).sort()).toEqual(["gamma_1", "gammax1"]);
    expect((await list({ status: "deleted" })).unsummarised).toBe(0);
    expect(await ids({ engine: "memcached" })).toEqual(["beta-001"]);
    expect(await ids({ engine: "valkey", account: OTHER_ACCOUNT })).toEqual(["alpha-100"]);
    // A parameter group matches by its family.
    expect(await ids({ kind: "parameter-group", engine: "redis" })).toEqual(["pg-custom"]);
    const live = await list({ engine: "redis", status: "live" });
    expect(live.kindCounts).toEqual({
      "cache-cluster": 3,
      "replication-group": 1,
      "global-replication-group": 1,
      "parameter-group": 1,
      snapshot: PAGE_SIZE + 10,
    });
  });

  it("take a resource out of a status once new events change it, tab counts included", async () => {
    const liveRedis = { kind: "cache-cluster", status: "live", engine: "redis" };
    expect((await list({ status: "deleted" })).kindCounts).toEqual({ "cache-cluster": 1 });
    expect((await list(liveRedis)).kindCounts["cache-cluster"]).toBe(3);
    await storeRecords(database.prisma, [
      record(
        "DeleteCacheCluster",
        "2025-03-01T10:00:00Z",
        { cacheClusterId: "alpha-001" },
        { cacheClusterId: "alpha-001", engine: "redis", cacheClusterStatus: "deleting" },
        { actor: "carol" },
      ),
    ]);
    expect((await list({ status: "deleted" })).unsummarised).toBe(1);
    while ((await summariseResources(database.prisma)) > 0);
    expect((await ids({ status: "deleted" })).sort()).toEqual(["alpha-001", "beta-001"]);
    expect(await ids(liveRedis)).not.toContain("alpha-001");
    // The tabs count what the rows show, not what the summaries said before the new event.
    expect((await list({ status: "deleted" })).kindCounts).toEqual({ "cache-cluster": 2 });
    expect((await list(liveRedis)).kindCounts["cache-cluster"]).toBe(2);
    expect((await list({ status: "deleted" })).unsummarised).toBe(0);
  });
});

describe("the list's URL", () => {
  it("round-trips through the schema and leaves defaults out", () => {
    const params = parseResourceListParams({
      kind: "snapshot",
      q: "nightly",
      sort: "id",
      dir: "desc",
      page: "3",
      region: "global",
      engine: "redis",
      status: "live",
    });
    expect(resourceListSearch(params)).toBe(
      "?kind=snapshot&q=nightly&region=global&status=live&engine=redis&sort=id&dir=desc&page=3",
    );
    expect(parseResourceListParams(Object.fromEntries(new URLSearchParams(resourceListSearch(params))))).toEqual(
      params,
    );
    expect(resourceListSearch(parseResourceListParams({}))).toBe("");
  });

  it("falls back to defaults on junk rather than failing", () => {
    expect(
      parseResourceListParams({
        kind: "nope",
        sort: "drop table",
        page: "-4",
        dir: "sideways",
        engine: "oracle",
        status: "%",
      }),
    ).toEqual(parseResourceListParams({}));
    // A repeated key is ambiguous: dropped like any bad value (the API answers 400).
    expect(parseResourceListParams({ q: ["a", "b"] }).q).toBeUndefined();
  });
});
