import { readFileSync } from "node:fs";
import { recordColumns, recordOf, recordTextOf, type StoredRecordColumns } from "@/lib/events/record-codec-sql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getOverviewRoute } from "@/app/api/overview/route";
import { GET as getSecurityRoute } from "@/app/api/security/route";
import { setClientForTests } from "@/lib/db/client";
import { eventKind, WRITE_KINDS, type EventKind } from "@/lib/events/kind";
import { listEvents } from "@/lib/events/queries";
import { storeEvents } from "@/lib/ingest/store";
import { getOverview } from "@/lib/overview/queries";
import { resolveScope, type ScopeFilters } from "@/lib/overview/scope";
import { parseEventFilters } from "@/lib/events/filters";
import { flaggedEventsUrl } from "@/lib/security/links";
import { overviewSchema } from "@/lib/overview/types";
import { securityFlags, type SecurityFlag } from "@/lib/security/flags";
import { getSecurity } from "@/lib/security/queries";
import { securitySchema } from "@/lib/security/types";
import { Rng } from "@/tools/corpus/prng";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { iamUser, testRecord } from "@/tests/fixtures/event-records";
import { normalised } from "@/tests/fixtures/store-records";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { get } from "../helpers/routes";

// The rollups against the events they summarise: after overlapping concurrent ingests and a
// re-ingest, (1) the rollup tables equal a rebuild from `event` by the migration's backfill,
// and (2) for random periods, accounts and regions every Overview and Security number equals
// a count made here, in JavaScript, over every stored event with the pure rules.

let t: TestDatabase;
const START = Date.UTC(2025, 0, 1);

interface Row {
  time: number;
  kind: EventKind;
  account: string;
  region: string;
  actorKey: string;
  actorId: string;
  errorCode: string | null;
  ip: string;
  flags: SecurityFlag[];
  targets: string[];
}
let rows: Row[] = [];

function records() {
  const generated = generateElastiCacheRecords(2_500, 77, new Date(START), { meanGapMs: 60_000 });
  // A few calls the Security view singles out, certain to be there whatever the generator does.
  const extra = [
    testRecord({
      eventID: "denied-1",
      eventTime: "2025-01-01T03:00:00Z",
      eventName: "DeleteCacheCluster",
      readOnly: false,
      errorCode: "AccessDenied",
      errorMessage: "User: mallory is not authorized to perform: elasticache:DeleteCacheCluster",
      userIdentity: iamUser("mallory"),
    }),
    testRecord({
      eventID: "root-1",
      eventTime: "2025-01-01T04:30:00Z",
      userIdentity: {
        type: "Root",
        principalId: "111122223333",
        arn: "arn:aws:iam::111122223333:root",
        accountId: "111122223333",
      },
      userAgent: "Mozilla/5.0 (console)",
      sourceIPAddress: "198.51.100.99",
    }),
    testRecord({
      eventID: "rotate-1",
      eventTime: "2025-01-01T05:10:00Z",
      eventName: "ModifyReplicationGroup",
      readOnly: false,
      requestParameters: { replicationGroupId: "orders", authToken: "hunter2", authTokenUpdateStrategy: "ROTATE" },
    }),
  ];
  return [...generated, ...extra];
}

const rollupTables = [
  "event_kind_rollup",
  "event_kind_rollup_day",
  "actor_rollup",
  "actor_rollup_day",
  "resource_change_rollup",
  "resource_change_rollup_day",
  "security_event",
  "principal_seen",
];

/**
 * Rollups whose columns changed after their backfill was written: the backfill fills a table of the shape it
 * was written for, and `into` takes that to today's shape (the columns dropped there were copies).
 */
const NARROWED: Record<string, { columns: string; into: (from: string) => string }> = {
  // 20261212133000: the event's account and region as an account_region id.
  security_event: {
    columns: "event_id bigint, flag text, event_time timestamptz, account_id text, aws_region text",
    into: (from) => `(event_id, event_time, account_region_id, flag) SELECT b.event_id, b.event_time, p.id, b.flag
      FROM ${from} b JOIN account_region p ON p.account_id = b.account_id AND p.aws_region = b.aws_region`,
  },
  // 20261212132000: the calls' account and region as an account_region id (the pairs the ingest added).
  resource_change_rollup: {
    columns: "hour timestamptz, account_id text, aws_region text, resource_id bigint, kind text, event_count int",
    into: (from) => `(hour, account_region_id, resource_id, kind, event_count)
      SELECT b.hour, p.id, b.resource_id, b.kind, b.event_count
      FROM ${from} b JOIN account_region p ON p.account_id = b.account_id AND p.aws_region = b.aws_region`,
  },
  resource_change_rollup_day: {
    columns: `day timestamptz, account_id text, aws_region text, resource_id bigint, event_count int, create_count int,
      delete_count int`,
    into: (from) => `(day, account_region_id, resource_id, event_count, create_count, delete_count)
      SELECT b.day, p.id, b.resource_id, b.event_count, b.create_count, b.delete_count
      FROM ${from} b JOIN account_region p ON p.account_id = b.account_id AND p.aws_region = b.aws_region`,
  },
};

beforeAll(async () => {
  t = await createTestDatabase();
  setClientForTests(t.prisma);
  const events = normalised(records());
  const half = Math.floor(events.length / 2);
  const batches = (list: typeof events) =>
    Array.from({ length: Math.ceil(list.length / 300) }, (_, i) => list.slice(i * 300, i * 300 + 300));
  const store = async (list: typeof events) => {
    for (const b of batches(list)) await storeEvents(t.prisma, b, { runId: null, fileId: null });
  };
  // Two ingests overlapping on a third of the events, at the same time; then all of it again.
  await Promise.all([store(events.slice(0, half + 400)), store(events.slice(half - 400).reverse())]);
  await store(events);
  const stored = await t.prisma.$queryRaw<
    ({
      id: bigint;
      event_time: Date;
      event_name: string;
      read_only: boolean;
      error_code: string | null;
      account_id: string;
      aws_region: string;
      actor_id: bigint;
      key: string;
      type: string;
      source_ip: string | null;
      user_agent_family: string;
      mfa_authenticated: boolean | null;
      targets: bigint[];
    } & StoredRecordColumns)[]
  >`SELECT e.id, e.event_time, e.event_name, e.read_only, e.error_code, e.account_id, e.aws_region, e.actor_id, a.key,
      a.type, e.source_ip, e.user_agent_family, e.mfa_authenticated, ${recordColumns("e")},
      ARRAY(SELECT er.resource_id FROM event_resource er WHERE er.event_id = e.id AND er.role = 'target') AS targets
    FROM event e JOIN actor a ON a.id = e.actor_id`;
  expect(stored.length).toBe(new Set(events.map((e) => e.eventId)).size);
  rows = stored.map((e) => ({
    time: e.event_time.getTime(),
    kind: eventKind({ eventName: e.event_name, readOnly: e.read_only, errorCode: e.error_code }),
    account: e.account_id,
    region: e.aws_region,
    actorKey: e.key,
    actorId: String(e.actor_id),
    errorCode: e.error_code,
    ip: e.source_ip ?? "",
    flags: securityFlags({
      eventName: e.event_name,
      userAgentFamily: e.user_agent_family,
      mfaAuthenticated: e.mfa_authenticated,
      actorType: e.type,
      requestParameters: recordOf(e).requestParameters,
    }),
    targets: e.targets.map(String),
  }));
}, 240_000);

afterAll(async () => {
  await t?.drop();
});

describe("rollups after overlapping, concurrent and repeated ingests", () => {
  it("equal a rebuild from the events by the migration's backfill", async () => {
    const backfillOf = (name: string) => {
      const migration = readFileSync(`prisma/migrations/${name}/migration.sql`, "utf8");
      return migration
        .slice(migration.indexOf("-- Backfill"))
        .split(/;\s*\n/)
        .map((s) => s.replace(/^--.*$/gm, "").trim())
        .filter(Boolean);
    };
    // The daily resource tier is backfilled from the hourly one, after it; event_rollup[_day] were
    // replaced by the kind and actor rollups of 20261208110000.
    const backfill = [
      ...backfillOf("20261205100000_overview_rollups").filter((q) => !/^INSERT INTO "event_rollup/.test(q)),
      ...backfillOf("20261207140000_resource_change_rollup_day"),
      ...backfillOf("20261208110000_overview_narrow_rollups"),
    ]
      .filter((q) => !q.startsWith("ANALYZE"))
      .map((q) => q.replace(/"(\w+)"/g, (name, table: string) => (table in NARROWED ? `backfill_${table}` : name)));
    expect(backfill.length).toBe(8);
    const differences = await t.prisma
      .$transaction(
        async (tx) => {
          for (const table of rollupTables) {
            await tx.$executeRawUnsafe(`CREATE TEMP TABLE kept_${table} ON COMMIT DROP AS SELECT * FROM ${table}`);
            await tx.$executeRawUnsafe(`DELETE FROM ${table}`);
          }
          // The backfill was written when records were jsonb: give the rows that form back for it (rolled back below).
          const stored = await tx.$queryRaw<
            ({ id: bigint } & StoredRecordColumns)[]
          >`SELECT e.id, ${recordColumns("e")} FROM event e`;
          await tx.$executeRaw`UPDATE event e SET record = u.text::jsonb
          FROM unnest(${stored.map((r) => r.id)}::bigint[], ${stored.map((r) => recordTextOf(r))}::text[])
            AS u(id, text) WHERE e.id = u.id`;
          for (const [table, { columns }] of Object.entries(NARROWED))
            await tx.$executeRawUnsafe(`CREATE TEMP TABLE backfill_${table} (${columns}) ON COMMIT DROP`);
          for (const statement of backfill) await tx.$executeRawUnsafe(statement);
          for (const [table, { into }] of Object.entries(NARROWED))
            await tx.$executeRawUnsafe(`INSERT INTO ${table} ${into(`backfill_${table}`)}`);
          const out: Record<string, number> = {};
          for (const table of rollupTables) {
            const [r] = await tx.$queryRawUnsafe<{ n: bigint }[]>(
              `SELECT count(*) AS n FROM ((SELECT * FROM ${table} EXCEPT ALL SELECT * FROM kept_${table})
             UNION ALL (SELECT * FROM kept_${table} EXCEPT ALL SELECT * FROM ${table})) d`,
            );
            out[table] = Number(r!.n);
          }
          throw Object.assign(new Error("rollback"), { out });
        },
        { timeout: 120_000 },
      )
      .catch((e: { out?: Record<string, number> }) => {
        if (!e.out) throw e;
        return e.out;
      });
    // The data has every kind and most flags, so the comparisons below are not over empty sets.
    expect(new Set(rows.map((r) => r.kind)).size).toBe(6);
    expect(new Set(rows.flatMap((r) => r.flags)).size).toBeGreaterThanOrEqual(5);
    expect(differences).toEqual(Object.fromEntries(rollupTables.map((table) => [table, 0])));
    const [sizes] = await t.prisma.$queryRaw<{ flagged: bigint; kinds: bigint; actors: bigint; writes: bigint }[]>`
      SELECT (SELECT count(*) FROM security_event) AS flagged, (SELECT sum(event_count) FROM event_kind_rollup) AS kinds,
        (SELECT sum(event_count) FROM actor_rollup_day) AS actors, (SELECT sum(write_count) FROM actor_rollup) AS writes`;
    expect(Number(sizes!.kinds)).toBe(rows.length);
    expect(Number(sizes!.actors)).toBe(rows.length);
    expect(Number(sizes!.writes)).toBe(rows.filter((r) => WRITE_KINDS.includes(r.kind)).length);
    expect(Number(sizes!.flagged)).toBe(rows.reduce((n, r) => n + r.flags.length, 0));
  });
});

/** The first stored event, which "all" starts from. */
const earliest = () => new Date(Math.min(...rows.map((r) => r.time)));
const inScope = (r: Row, f: ScopeFilters) =>
  (!f.account?.length || f.account.includes(r.account)) && (!f.region?.length || f.region.includes(r.region));
const inPeriod = (r: Row, p: { from: Date; to: Date }) => r.time >= p.from.getTime() && r.time < p.to.getTime();

function expectedKpis(f: ScopeFilters, p: { from: Date; to: Date }) {
  const these = rows.filter((r) => inScope(r, f) && inPeriod(r, p));
  const writes = these.filter((r) => WRITE_KINDS.includes(r.kind));
  const targeted = (kinds: EventKind[]) =>
    new Set(writes.filter((r) => kinds.includes(r.kind)).flatMap((r) => r.targets)).size;
  return {
    events: these.length,
    writes: writes.length,
    failures: these.filter((r) => r.kind === "failed").length,
    actors: new Set(these.map((r) => r.actorId)).size,
    resourcesChanged: targeted([...WRITE_KINDS]),
    resourcesCreated: targeted(["create"]),
    resourcesDeleted: targeted(["delete"]),
  };
}

function randomFilters(rng: Rng): { filters: ScopeFilters; now: Date } {
  const span = Math.max(...rows.map((r) => r.time)) - START;
  const a = START + Math.floor(rng.float() * span);
  const b = START + Math.floor(rng.float() * span);
  const accounts = [...new Set(rows.map((r) => r.account))].sort();
  const regions = [...new Set(rows.map((r) => r.region))].sort();
  const some = (values: string[]) => {
    const picked = values.filter(() => rng.float() < 0.5);
    return picked.length && rng.float() < 0.6 ? picked : undefined;
  };
  const [from, to] = a < b ? [a, b] : [b, a + 3_600_000];
  const filters: ScopeFilters =
    rng.float() < 0.3
      ? { range: (["24h", "7d", "30d", "all"] as const)[rng.int(4)], account: some(accounts), region: some(regions) }
      : {
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
          account: some(accounts),
          region: some(regions),
        };
  return { filters, now: new Date(START + Math.floor(rng.float() * span * 1.2)) };
}

describe("every aggregate equals a direct count over the events", () => {
  it("for 25 random periods and scopes, on the overview", async () => {
    const rng = new Rng(14);
    for (let i = 0; i < 25; i++) {
      const { filters, now } = randomFilters(rng);
      const o = await getOverview(t.prisma, filters, now);
      const s = resolveScope(filters, now, earliest());
      const label = JSON.stringify({ filters, now });
      const current = expectedKpis(filters, s.current);
      const previous = s.previous ? expectedKpis(filters, s.previous) : expectedKpis(filters, s.current);
      if (!s.previous) for (const k of Object.keys(previous) as (keyof typeof previous)[]) previous[k] = 0;
      for (const k of Object.keys(current) as (keyof typeof current)[])
        expect(o.kpis[k], `${k} ${label}`).toEqual({ value: current[k], previous: previous[k] });
      for (const b of o.series) {
        const these = rows.filter(
          (r) => inScope(r, filters) && inPeriod(r, { from: new Date(b.from), to: new Date(b.to) }),
        );
        for (const kind of Object.keys(b.counts) as EventKind[])
          expect(b.counts[kind], `${kind} ${b.from} ${label}`).toBe(these.filter((r) => r.kind === kind).length);
      }
      const here = rows.filter((r) => inScope(r, filters) && inPeriod(r, s.current));
      // The ten busiest writers, ties by actor id, exactly.
      const writesBy = new Map<string, { id: string; key: string; writes: number }>();
      for (const r of here.filter((r) => WRITE_KINDS.includes(r.kind))) {
        const w = writesBy.get(r.actorId) ?? { id: r.actorId, key: r.actorKey, writes: 0 };
        w.writes++;
        writesBy.set(r.actorId, w);
      }
      const top = [...writesBy.values()]
        .sort((x, y) => y.writes - x.writes || Number(BigInt(x.id) - BigInt(y.id)))
        .slice(0, 10);
      expect(
        o.topActors.map((a) => [a.actor.key, a.writes]),
        label,
      ).toEqual(top.map((w) => [w.key, w.writes]));
      for (const e of o.failures) expect(e.count).toBe(here.filter((r) => r.errorCode === e.errorCode).length);
      const sensitive = here.filter((r) => r.flags.some((f) => !["root", "console-no-mfa"].includes(f)));
      expect(o.sensitive.length).toBe(Math.min(10, sensitive.length));
    }
  });

  it("for 25 random periods and scopes, on the security view", async () => {
    const rng = new Rng(15);
    for (let i = 0; i < 25; i++) {
      const { filters, now } = randomFilters(rng);
      const sec = await getSecurity(t.prisma, filters, now);
      const s = resolveScope(filters, now, earliest());
      const label = JSON.stringify({ filters, now });
      const here = rows.filter((r) => inScope(r, filters) && inPeriod(r, s.current));
      expect(sec.failures.total, label).toBe(here.filter((r) => r.kind === "failed").length);
      for (const p of sec.failures.byPrincipal)
        expect(p.count, label).toBe(
          here.filter((r) => r.actorKey === p.actor.key && r.errorCode === p.errorCode).length,
        );
      for (const list of sec.lists)
        expect(list.count, `${list.flag} ${label}`).toBe(here.filter((r) => r.flags.includes(list.flag)).length);
      const scoped = rows.filter((r) => inScope(r, filters));
      const firstSeen = (key: (r: Row) => string) => {
        const first = new Map<string, number>();
        for (const r of scoped) first.set(key(r), Math.min(first.get(key(r)) ?? Infinity, r.time));
        return [...first].filter(
          ([k, time]) => k !== "" && time >= s.current.from.getTime() && time < s.current.to.getTime(),
        );
      };
      expect(sec.newPrincipals.count, label).toBe(firstSeen((r) => r.actorId).length);
      expect(sec.newSourceIps.count, label).toBe(firstSeen((r) => r.ip).length);
    }
  });

  it('"All time" counts every stored event, with nothing to compare against', async () => {
    const now = new Date(Math.max(...rows.map((r) => r.time)) + 1);
    const o = await getOverview(t.prisma, { range: "all" }, now);
    expect(o.period).toEqual({ from: earliest().toISOString(), to: now.toISOString() });
    expect(o.previous).toBeNull();
    expect(o.kpis.events).toEqual({ value: rows.length, previous: 0 });
    expect(o.series.reduce((n, b) => n + Object.values(b.counts).reduce((a, c) => a + c, 0), 0)).toBe(rows.length);
    const sec = await getSecurity(t.prisma, { range: "all" }, now);
    expect(sec.failures.total).toBe(rows.filter((r) => r.kind === "failed").length);
  });

  it("a chart segment's count is the count of the explorer link it opens", async () => {
    const filters: ScopeFilters = { from: "2025-01-01T00:00:00.000Z", to: "2025-01-03T00:00:00.000Z" };
    const o = await getOverview(t.prisma, filters);
    let checked = 0;
    for (const b of o.series.slice(0, 12))
      for (const kind of ["read", "failed", "modify"] as const) {
        const page = await listEvents(t.prisma, { from: b.from, to: b.to, kind, limit: 1 }, { countCap: 100_000 });
        expect(page.total).toEqual({ kind: "exact", value: b.counts[kind] });
        checked += b.counts[kind];
      }
    expect(checked).toBeGreaterThan(0);
  });
  it("a flagged list's link opens exactly its calls: the explorer's count equals the list's", async () => {
    const rng = new Rng(16);
    let checked = 0;
    for (let i = 0; i < 6; i++) {
      const { filters, now } = randomFilters(rng);
      const sec = await getSecurity(t.prisma, filters, now);
      for (const list of sec.lists) {
        // The dashboard's own scope for its links (components/security/security-dashboard.tsx).
        const scope = { account: filters.account, region: filters.region, ...sec.period };
        const link = new URL(flaggedEventsUrl(list.flag, scope), "http://x");
        const { filters: linked } = parseEventFilters(Object.fromEntries(link.searchParams));
        expect(linked.flag).toBe(list.flag);
        const page = await listEvents(t.prisma, { ...linked, limit: 200 }, { countCap: 100_000, now });
        expect(page.total, `${list.flag} ${link.search}`).toEqual({ kind: "exact", value: list.count });
        const shown = new Set(page.events.map((r) => r.eventId));
        for (const e of list.latest) expect(shown.has(e.eventId), `${list.flag} ${e.eventId}`).toBe(true);
        checked += list.count;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe("GET /api/overview and /api/security", () => {
  it("answer what the page renders, checked by the schemas the browser uses", async () => {
    const query = "from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z";
    const o = overviewSchema.parse(await (await get(getOverviewRoute, `/api/overview?${query}`)).json());
    expect(o).toEqual(
      overviewSchema.parse(
        JSON.parse(
          JSON.stringify(
            await getOverview(t.prisma, { from: "2025-01-01T00:00:00.000Z", to: "2025-01-02T00:00:00.000Z" }),
          ),
        ),
      ),
    );
    const window = "from=2025-01-01T02:59:00Z&to=2025-01-01T05:11:00Z";
    const s = securitySchema.parse(await (await get(getSecurityRoute, `/api/security?${window}`)).json());
    const denied = s.failures.byPrincipal.find((p) => p.errorCode === "AccessDenied" && p.actor.name === "mallory");
    expect(denied?.message).toBe("User: mallory is not authorized to perform: elasticache:DeleteCacheCluster");
    expect(s.lists.find((l) => l.flag === "auth")?.latest.map((e) => e.eventId)).toContain("rotate-1");
    expect(s.lists.find((l) => l.flag === "root")?.latest.map((e) => e.eventId)).toContain("root-1");
  });

  it("refuse an unknown parameter or a bad value, naming it", async () => {
    for (const [path, param] of [
      ["/api/overview?range=2d", "range"],
      ["/api/security?acount=1", "acount"],
      ["/api/overview?from=2025-02-30", "from"],
    ] as const) {
      const route = path.startsWith("/api/overview") ? getOverviewRoute : getSecurityRoute;
      const response = await get(route, path);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(param);
    }
  });
});
