import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getFacets } from "@/app/api/events/facets/route";
import { GET as getEvents } from "@/app/api/events/route";
import { setClientForTests } from "@/lib/db/client";
import { eventFacets, roughly } from "@/lib/events/facet-counts";
import { FACET_FIELDS } from "@/lib/events/facets";
import { listEvents } from "@/lib/events/queries";
import { at, iamUser, modifyRecord, testRecord } from "@/tests/fixtures/event-records";
import { storeRecords } from "@/tests/fixtures/store-records";
import type { EventFiltersInput } from "@/lib/events/filters";
import type { EventPage } from "@/lib/events/types";
import { startRun } from "@/lib/ingest/runs";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { get } from "../helpers/routes";

// Every explorer filter against a real PostgreSQL, through the same query functions the page
// and GET /api/events use, plus the route's answers to bad query strings.

let t: TestDatabase;
let runId: string;
const NOW = new Date(Date.UTC(2025, 0, 2)); // "last 24 hours" = all of 2025-01-01

const carol = {
  type: "AssumedRole",
  principalId: "AROAEXAMPLE:carol",
  arn: "arn:aws:sts::444455556666:assumed-role/Admin/carol",
  accountId: "444455556666",
  sessionContext: {
    sessionIssuer: {
      type: "Role",
      principalId: "AROAEXAMPLE",
      arn: "arn:aws:iam::444455556666:role/Admin",
      accountId: "444455556666",
      userName: "Admin",
    },
    attributes: { creationDate: "2025-01-01T00:00:00Z", mfaAuthenticated: "true" },
  },
};

beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);
  // 10 reads by alice, a minute apart, in us-east-1 from the CLI.
  await storeRecords(
    t.prisma,
    Array.from({ length: 10 }, (_, i) => testRecord({ eventTime: at(i * 60), eventID: `read-${i}` })),
  );
  await storeRecords(t.prisma, [
    modifyRecord("orders-cache", {
      eventID: "bob-modify",
      eventTime: at(1000),
      userIdentity: iamUser("bob", "444455556666"),
      recipientAccountId: "444455556666",
      awsRegion: "us-west-2",
      sourceIPAddress: "198.51.100.7",
      userAgent: "APN/1.0 HashiCorp/1.0 Terraform/1.6.0 (+https://www.terraform.io) terraform-provider-aws/5.31.0",
    }),
    modifyRecord("orders-cache", {
      eventID: "bob-denied",
      eventTime: at(1100),
      userIdentity: iamUser("bob", "444455556666"),
      recipientAccountId: "444455556666",
      awsRegion: "us-west-2",
      sourceIPAddress: "198.51.100.7",
      errorCode: "AccessDenied",
      errorMessage: "User: bob is not authorized to perform: elasticache:ModifyCacheCluster",
      responseElements: null,
    }),
    testRecord({
      eventID: "carol-create",
      eventTime: at(2000),
      eventName: "CreateReplicationGroup",
      readOnly: false,
      userIdentity: carol,
      recipientAccountId: "444455556666",
      awsRegion: "eu-west-1",
      userAgent: "console.amazonaws.com",
      sessionCredentialFromConsole: "true",
      requestParameters: {
        replicationGroupId: "sessions-rg",
        replicationGroupDescription: "needle-value-xyz 100%_done",
        tags: [{ key: "team", value: "payments" }],
      },
    }),
    testRecord({
      eventID: "carol-missing",
      eventTime: at(2100),
      eventName: "DeleteCacheCluster",
      readOnly: false,
      userIdentity: carol,
      recipientAccountId: "444455556666",
      awsRegion: "eu-west-1",
      errorCode: "CacheClusterNotFound",
      errorMessage: "CacheCluster not found: ghost",
      requestParameters: { cacheClusterId: "ghost" },
    }),
    // A year earlier: outside every preset.
    testRecord({ eventID: "old-read", eventTime: "2024-01-01T00:00:00Z" }),
  ]);
  const run = await startRun(t.prisma, { kind: "cli", name: "events-filters" });
  runId = String(run.runId);
  await storeRecords(
    t.prisma,
    [
      testRecord({ eventID: "from-run-1", eventTime: at(3000) }),
      testRecord({ eventID: "from-run-2", eventTime: at(3001) }),
    ],
    {
      runId: run.runId,
      fileId: null,
    },
  );
});
afterAll(async () => {
  await t.drop();
});

async function ids(filters: EventFiltersInput): Promise<string[]> {
  const page = await listEvents(t.prisma, { limit: 200, ...filters }, { now: NOW });
  return page.events.map((e) => e.eventId);
}

describe("listEvents", () => {
  it("lists every event newest first, with an exact total", async () => {
    const page = await listEvents(t.prisma, {}, { now: NOW });
    expect(page.total).toEqual({ kind: "exact", value: 17 });
    expect(page.events[0]?.eventId).toBe("from-run-2");
    expect(page.events.at(-1)?.eventId).toBe("old-read");
    const times = page.events.map((e) => e.eventTime);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("returns rows with actor and resources, targets first", async () => {
    const [row] = (await listEvents(t.prisma, { name: ["CreateReplicationGroup"] })).events;
    expect(row).toMatchObject({
      eventId: "carol-create",
      eventName: "CreateReplicationGroup",
      awsRegion: "eu-west-1",
      accountId: "444455556666",
      readOnly: false,
      errorCode: null,
      sourceIp: "203.0.113.10",
      userAgentFamily: "console",
      actor: { name: "Admin/carol", type: "AssumedRole" },
    });
    expect(row?.resources[0]).toMatchObject({ kind: "replication-group", resourceId: "sessions-rg", role: "target" });
  });

  it("filters by event names (several at once)", async () => {
    expect(await ids({ name: ["ModifyCacheCluster"] })).toEqual(["bob-denied", "bob-modify"]);
    expect(await ids({ name: ["ModifyCacheCluster", "DeleteCacheCluster"] })).toEqual([
      "carol-missing",
      "bob-denied",
      "bob-modify",
    ]);
  });

  it("filters by actor key, name or ARN", async () => {
    const key = (await listEvents(t.prisma, { name: ["DeleteCacheCluster"] })).events[0]!.actor.key;
    expect(await ids({ actor: key })).toEqual(["carol-missing", "carol-create"]);
    expect(await ids({ actor: "Admin/carol" })).toEqual(["carol-missing", "carol-create"]);
    expect(await ids({ actor: "arn:aws:iam::444455556666:user/bob" })).toEqual(["bob-denied", "bob-modify"]);
    expect(await ids({ actor: "nobody" })).toEqual([]);
  });

  it("filters by resource id", async () => {
    expect(await ids({ resource: "orders-cache" })).toEqual(["bob-denied", "bob-modify"]);
    expect(await ids({ resource: "sessions-rg" })).toEqual(["carol-create"]);
  });

  it("filters by account and region", async () => {
    expect(await ids({ account: ["444455556666"] })).toHaveLength(4);
    expect(await ids({ account: ["444455556666", "111122223333"] })).toHaveLength(17);
    expect(await ids({ region: ["us-west-2"] })).toEqual(["bob-denied", "bob-modify"]);
    expect(await ids({ region: ["us-west-2", "eu-west-1"] })).toHaveLength(4);
  });

  it("filters reads and writes", async () => {
    expect(await ids({ access: "write" })).toEqual(["carol-missing", "carol-create", "bob-denied", "bob-modify"]);
    expect(await ids({ access: "read" })).toHaveLength(13);
  });

  it("filters failures, successes and one error code", async () => {
    expect(await ids({ outcome: "failure" })).toEqual(["carol-missing", "bob-denied"]);
    expect(await ids({ outcome: "success" })).toHaveLength(15);
    expect(await ids({ error: "AccessDenied" })).toEqual(["bob-denied"]);
    expect(await ids({ error: "AccessDenied", outcome: "failure" })).toEqual(["bob-denied"]);
  });

  it("filters by source IP and user agent family", async () => {
    expect(await ids({ ip: "198.51.100.7" })).toEqual(["bob-denied", "bob-modify"]);
    expect(await ids({ agent: "terraform" })).toEqual(["bob-modify"]);
    expect(await ids({ agent: "console" })).toEqual(["carol-create"]);
    expect(await ids({ agent: "aws-cli" })).toHaveLength(15);
  });

  it("filters by ingestion run", async () => {
    expect(await ids({ run: runId })).toEqual(["from-run-2", "from-run-1"]);
    expect(await ids({ run: "999999" })).toEqual([]);
  });

  it("searches ids, names, ARNs, IPs and request values as text", async () => {
    expect(await ids({ q: "carol-create" })).toEqual(["carol-create"]);
    expect(await ids({ q: "NEEDLE-value" })).toEqual(["carol-create"]);
    expect(await ids({ q: "payments" })).toEqual(["carol-create"]);
    expect(await ids({ q: "arn:aws:iam::444455556666:user/bob" })).toEqual(["bob-denied", "bob-modify"]);
    expect(await ids({ q: "198.51.100.7" })).toEqual(["bob-denied", "bob-modify"]);
    expect(await ids({ q: "req-000001" })).toHaveLength(1);
    expect(await ids({ q: "AKIAIOSFODNN7EXAMPLE" })).toHaveLength(15); // carol's assumed role carries no key
    expect(await ids({ q: "orders" })).toEqual(["bob-denied", "bob-modify"]);
    expect(await ids({ q: "ghost" })).toEqual(["carol-missing"]);
    // Event names and actors are matched through their own tables, not the search text.
    expect(await ids({ q: "replicationgroup" })).toEqual(["carol-create"]);
    expect(await ids({ q: "DeleteCache" })).toEqual(["carol-missing"]);
    expect(await ids({ q: "assumed-role/Admin/car" })).toEqual(["carol-missing", "carol-create"]);
    expect(await ids({ q: "notfound" })).toEqual(["carol-missing"]);
  });

  it("treats % and _ in the search text literally", async () => {
    expect(await ids({ q: "100%_done" })).toEqual(["carol-create"]);
    expect(await ids({ q: "%" })).toEqual(["carol-create"]);
    expect(await ids({ q: "0_d" })).toEqual([]);
  });

  it("filters a custom time range (from inclusive, to exclusive) and relative presets", async () => {
    expect(await ids({ from: at(1000), to: at(2100) })).toEqual(["carol-create", "bob-denied", "bob-modify"]);
    expect(await ids({ to: "2024-12-31" })).toEqual(["old-read"]);
    expect(await ids({ range: "24h" })).toHaveLength(16);
    expect(await ids({ range: "30d" })).toHaveLength(16);
    const late = await listEvents(t.prisma, { range: "24h" }, { now: new Date(Date.parse(at(2050)) + 24 * 3600_000) });
    expect(late.events.map((e) => e.eventId)).toEqual(["from-run-2", "from-run-1", "carol-missing"]);
  });

  it("combines filters: an actor's failures in a time range", async () => {
    expect(await ids({ actor: "bob", outcome: "failure", from: at(0), to: at(5000) })).toEqual(["bob-denied"]);
    expect(await ids({ actor: "bob", outcome: "failure", from: at(1200) })).toEqual([]);
  });

  it("reports a capped total with the planner's estimate beyond the cap", async () => {
    const page = await listEvents(t.prisma, { limit: 2 }, { countCap: 5 });
    expect(page.total.kind).toBe("atLeast");
    expect(page.total.value).toBe(5);
    const exact = await listEvents(t.prisma, { limit: 2, name: ["ModifyCacheCluster"] }, { countCap: 5 });
    expect(exact.total).toEqual({ kind: "exact", value: 2 });
  });
});

describe("eventFacets", () => {
  it("counts event names under the other filters, ignoring the name selection itself", async () => {
    const names = await eventFacets(t.prisma, "name", { name: ["ModifyCacheCluster"], account: ["444455556666"] });
    expect(names).toEqual({
      counts: "exact",
      values: [
        { value: "ModifyCacheCluster", count: 2 },
        { value: "CreateReplicationGroup", count: 1 },
        { value: "DeleteCacheCluster", count: 1 },
      ],
    });
  });

  it("lists error codes, accounts, regions and user agents", async () => {
    expect(await eventFacets(t.prisma, "error", { outcome: "failure" })).toEqual({
      counts: "exact",
      values: [
        { value: "AccessDenied", count: 1 },
        { value: "CacheClusterNotFound", count: 1 },
      ],
    });
    expect(await eventFacets(t.prisma, "region", {})).toEqual({
      counts: "exact",
      values: [
        { value: "us-east-1", count: 13 },
        { value: "eu-west-1", count: 2 },
        { value: "us-west-2", count: 2 },
      ],
    });
    expect((await eventFacets(t.prisma, "account", {})).values.map((f) => f.value)).toEqual([
      "111122223333",
      "444455556666",
    ]);
    expect((await eventFacets(t.prisma, "agent", {})).values[0]).toEqual({ value: "aws-cli", count: 15 });
  });

  it("reads unfiltered menus from the counters kept at ingest, which match the events", async () => {
    for (const field of FACET_FIELDS) {
      const column = {
        name: "event_name",
        error: "error_code",
        account: "account_id",
        region: "aws_region",
        agent: "user_agent_family",
      }[field];
      const grouped = await t.prisma.$queryRawUnsafe<{ value: string; count: number }[]>(
        `SELECT ${column} AS value, count(*)::int AS count FROM event WHERE ${column} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
      );
      expect(await eventFacets(t.prisma, field, {}), field).toEqual({ counts: "exact", values: grouped });
    }
  });

  it("finds a counter kept at ingest for every facet field, and for no other", async () => {
    const fields = await t.prisma.$queryRaw<
      { field: string }[]
    >`SELECT DISTINCT field FROM event_facet_count ORDER BY 1`;
    expect(fields.map((f) => f.field)).toEqual([...FACET_FIELDS].sort());
  });

  it("estimates from a sample when more events match than it counts exactly, and says so", async () => {
    const filters = { range: "24h" as const };
    const exact = await eventFacets(t.prisma, "name", filters, { now: NOW });
    expect(exact.counts).toBe("exact");
    // A cap of 3 forces the sample; a sample of 100 % holds every page, so the estimate is exact here.
    const sampled = await eventFacets(t.prisma, "name", filters, { now: NOW, exactCap: 3, samplePercent: 100 });
    expect(sampled).toEqual({ counts: "approximate", values: exact.values });
    // One resource: the sample reads the event table, not the resource's timeline.
    const onResource = await eventFacets(
      t.prisma,
      "name",
      { resource: "orders-cache" },
      { exactCap: 1, samplePercent: 100 },
    );
    expect(onResource).toEqual({
      ...(await eventFacets(t.prisma, "name", { resource: "orders-cache" })),
      counts: "approximate",
    });
  });

  it("rounds estimates to two significant digits", () => {
    expect([0.4, 7, 12, 149, 1_234, 98_765].map(roughly)).toEqual([1, 7, 12, 150, 1_200, 99_000]);
  });
});

describe("GET /api/events", () => {
  const call = (query: string) => get(getEvents, `/api/events${query}`);

  it("answers a filtered page with links to the next one", async () => {
    const response = await call("?name=ModifyCacheCluster,DeleteCacheCluster&limit=2");
    expect(response.status).toBe(200);
    const body = (await response.json()) as EventPage & { links: { next: string | null; prev: string | null } };
    expect(body.events.map((e) => e.eventId)).toEqual(["carol-missing", "bob-denied"]);
    expect(body.total).toEqual({ kind: "exact", value: 3 });
    expect(body.links.next).toBe(`/api/events?name=DeleteCacheCluster%2CModifyCacheCluster&limit=2&after=${body.next}`);
    const next = (await (await call(body.links.next!.slice("/api/events".length))).json()) as EventPage;
    expect(next.events.map((e) => e.eventId)).toEqual(["bob-modify"]);
  });

  it.each([
    ["?limit=0", "limit"],
    ["?limit=abc", "limit"],
    ["?limit=5000", "limit"],
    ["?from=yesterday", "from"],
    ["?from=2025-02-30T99:00:00Z", "from"],
    ["?from=2025-02-01&to=2025-01-01", "to"],
    ["?range=1y", "range"],
    ["?range=24h&from=2025-01-01", "range"],
    ["?after=not-a-cursor", "after"],
    ["?after=1_1&before=2_2", "before"],
    ["?access=maybe", "access"],
    ["?agent=curl", "agent"],
    ["?run=abc", "run"],
    ["?name=<script>", "name"],
    ["?sort=random", "sort"],
    ["?actor=a&actor=b", "actor"],
    ["?nmae=ModifyCacheCluster", "nmae"],
    ["?outcome=success&error=AccessDenied", "error"],
    [`?q=${"x".repeat(300)}`, "q"],
  ])("rejects %s with a 400 that names the parameter", async (query, param) => {
    const response = await call(query);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { status: number; message: string } };
    expect(body.error.status).toBe(400);
    expect(body.error.message).toContain(param);
  });

  it("accepts empty parameters as no filter", async () => {
    const response = await call("?q=&name=&actor=%20&limit=");
    expect(response.status).toBe(200);
    expect(((await response.json()) as EventPage).total).toEqual({ kind: "exact", value: 17 });
  });

  it("facets: needs a known field", async () => {
    const bad = await get(getFacets, "/api/events/facets?field=password");
    expect(bad.status).toBe(400);
    const good = await get(getFacets, "/api/events/facets?field=name&outcome=failure");
    expect(await good.json()).toEqual({
      field: "name",
      counts: "exact",
      values: [
        { value: "DeleteCacheCluster", count: 1 },
        { value: "ModifyCacheCluster", count: 1 },
      ],
    });
  });
});
