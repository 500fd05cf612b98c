// The query benchmark's cases: what the explorer, the event page, the export and the cluster pages
// ask PostgreSQL, on values picked from the loaded data set (the busiest actor, a cursor half a
// million rows deep, a day in the middle…), next to the naive ways the explorer avoids. Imports
// server-only modules, so it is loaded under --conditions=react-server (see ../queries.ts).
import { getEvent, getRelatedEvents } from "@/lib/events/detail";
import { exportEvents } from "@/lib/events/export";
import { eventFacets } from "@/lib/events/facet-counts";
import { listEvents, RESOURCES_JSON } from "@/lib/events/queries";
import type { EventTotal } from "@/lib/events/types";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { DEFAULT_LIST_PARAMS } from "@/lib/resources/list-params";
import { listResources } from "@/lib/resources/list-queries";
import { loadResourcePage } from "@/lib/resources/resource-page";
import { clearResourceStateCache, storedFactsSettled } from "@/lib/resources/resource-state";
import { summariseResources } from "@/lib/resources/summaries";
import { DEFAULT_TIMELINE_PARAMS } from "@/lib/resources/timeline-params";
import { actorCases } from "./actors";
import type { QueryBench } from "./data-set";
import type { Case, Counted } from "./measure";
import { overviewCases } from "./overview";

const GROUPS = {
  list: "Event list (GET /api/events: page + capped total)",
  menus: "Filter menus (GET /api/events/facets)",
  eventPage: "Event page",
  export: "Export",
  baselines: "Baselines (what the explorer avoids)",
  clusters: "Cluster pages (for lib/resources)",
};

const n = (v: number) => v.toLocaleString("en-US");

function describeTotal(t: EventTotal): string {
  if (t.kind === "exact") return n(t.value);
  if (t.kind === "atLeast") return `${n(t.value)}+${t.estimate === null ? "" : ` (about ${n(t.estimate)})`}`;
  return `about ${n(t.value)} (count over budget)`;
}

type Row = Record<string, unknown>;

/** The values the cases filter on, picked from the loaded data set. */
async function pickSample(prisma: PrismaClient, bench: QueryBench) {
  const one = async <T extends Row>(query: Prisma.Sql) => (await prisma.$queryRaw<T[]>(query))[0]!;
  const busyActor = await one<{ key: string; name: string; event_count: number }>(
    Prisma.sql`SELECT key, name, event_count FROM actor ORDER BY event_count DESC LIMIT 1`,
  );
  const quietActor = await one<{ key: string; event_count: number }>(
    Prisma.sql`SELECT key, event_count FROM actor WHERE event_count BETWEEN 100 AND 5000
      ORDER BY event_count DESC LIMIT 1`,
  );
  const busyIp = await one<{ source_ip: string; n: bigint }>(
    Prisma.sql`SELECT source_ip, count(*) AS n FROM event WHERE source_ip IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
  );
  const account = await one<{ account_id: string }>(
    Prisma.sql`SELECT account_id FROM event GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  const depth = Math.min(500_000, Math.floor(bench.events / 2));
  const deep = await one<{ event_time: Date; id: bigint }>(
    Prisma.sql`SELECT event_time, id FROM event ORDER BY event_time DESC, id DESC OFFSET ${depth} LIMIT 1`,
  );
  const range = await one<{ min: Date; max: Date }>(
    Prisma.sql`SELECT min(event_time) AS min, max(event_time) AS max FROM event`,
  );
  const mid = new Date((range.min.getTime() + range.max.getTime()) / 2);
  const sample = await prisma.$queryRaw<
    { event_id: string }[]
  >`SELECT COALESCE(event_id, event_key::text) AS event_id FROM event TABLESAMPLE SYSTEM (0.5) LIMIT 500`;
  const hotRow = await one<{ id: bigint }>(
    Prisma.sql`SELECT id FROM resource WHERE resource_id = ${bench.hotResource.resourceId}`,
  );
  // Search terms by how many events they match: a parameter-group name found in many
  // requests, and a snapshot name found in a handful.
  const broad = await one<{ resource_id: string }>(
    Prisma.sql`SELECT resource_id FROM resource WHERE kind = 'parameter-group' AND resource_id LIKE 'default.%'
      ORDER BY event_count DESC LIMIT 1`,
  );
  const narrow = await one<{ resource_id: string }>(
    Prisma.sql`SELECT resource_id FROM resource WHERE kind = 'snapshot' AND length(resource_id) >= 16
      ORDER BY event_count DESC, resource_id LIMIT 1`,
  );
  const matches = async (term: string) =>
    Number(
      (await one<{ n: bigint }>(Prisma.sql`SELECT count(*) AS n FROM event WHERE search_text ILIKE ${`%${term}%`}`)).n,
    );
  // About 10,000 events in a row, for the export.
  const exportFrom = await one<{ event_time: Date }>(
    Prisma.sql`SELECT event_time FROM event ORDER BY event_time DESC, id DESC OFFSET ${depth + 10_000} LIMIT 1`,
  );
  let pick = 0;
  return {
    one,
    busyActor,
    quietActor,
    busyIp,
    account: account.account_id,
    depth,
    deepCursor: `${deep.event_time.getTime()}_${deep.id}`,
    day: { from: mid.toISOString(), to: new Date(mid.getTime() + 24 * 3600_000).toISOString() },
    nextEventId: () => sample[pick++ % sample.length]!.event_id,
    hotRowId: hotRow.id,
    commonTerm: "prod",
    broad: { term: broad.resource_id, matches: await matches(broad.resource_id) },
    narrow: { term: narrow.resource_id, matches: await matches(narrow.resource_id) },
    exportWindow: { from: exportFrom.event_time.toISOString(), to: deep.event_time.toISOString() },
  };
}

type Sample = Awaited<ReturnType<typeof pickSample>>;

function eventListCases(prisma: PrismaClient, s: Sample, bench: QueryBench): Case[] {
  const page = async (f: Parameters<typeof listEvents>[1]) => {
    const result = await listEvents(prisma, f);
    return { rows: result.events.length, note: `total shown: ${describeTotal(result.total)}` };
  };
  const cases: [string, () => Promise<Counted>][] = [
    ["first page, no filter", () => page({})],
    [`first page, busiest actor (${n(s.busyActor.event_count)} events)`, () => page({ actor: s.busyActor.key })],
    [`first page, one actor (${n(s.quietActor.event_count)} events)`, () => page({ actor: s.quietActor.key })],
    ["first page, failures only", () => page({ outcome: "failure" })],
    ["first page, writes of one account", () => page({ access: "write", account: [s.account] })],
    [
      "first page, ModifyCacheCluster + AccessDenied",
      () => page({ name: ["ModifyCacheCluster"], error: "AccessDenied" }),
    ],
    ["first page, one day", () => page(s.day)],
    [`first page, busiest source IP (${n(Number(s.busyIp.n))} events)`, () => page({ ip: s.busyIp.source_ip })],
    ["first page, CloudFormation calls (user agent family)", () => page({ agent: "cloudformation" })],
    ["first page, one resource (10,000 events)", () => page({ resource: bench.hotResource.resourceId })],
    [`deep page (keyset, ${n(s.depth)} rows in)`, () => page({ after: s.deepCursor })],
    [`free text, common ("${s.commonTerm}")`, () => page({ q: s.commonTerm })],
    [`free text matching ${n(s.broad.matches)} events ("${s.broad.term}")`, () => page({ q: s.broad.term })],
    [`free text matching ${n(s.narrow.matches)} events ("${s.narrow.term}")`, () => page({ q: s.narrow.term })],
    ["free text, an event ID", () => page({ q: s.nextEventId() })],
  ];
  return cases.map(([name, run]) => ({ group: GROUPS.list, name, run }));
}

function filterMenuCases(prisma: PrismaClient, s: Sample): Case[] {
  const menu = async (field: Parameters<typeof eventFacets>[1], f: Parameters<typeof eventFacets>[2]) => {
    const result = await eventFacets(prisma, field, f);
    return { rows: result.values.length, note: `counts: ${result.counts}` };
  };
  const cases: [string, () => Promise<Counted>][] = [
    ["event-name menu counts (facets, no filter)", () => menu("name", {})],
    ["error-code menu counts (no filter)", () => menu("error", {})],
    [
      `event-name menu, one actor (${n(s.quietActor.event_count)} events)`,
      () => menu("name", { actor: s.quietActor.key }),
    ],
    [
      "error-code menu, ModifyCacheCluster selected",
      () => menu("error", { name: ["ModifyCacheCluster"], error: "AccessDenied" }),
    ],
    ["event-name menu, one account", () => menu("name", { account: [s.account] })],
    ["event-name menu, one day", () => menu("name", s.day)],
    ["error-code menu, failures of one account", () => menu("error", { outcome: "failure", account: [s.account] })],
  ];
  return cases.map(([name, run]) => ({ group: GROUPS.menus, name, run }));
}

function eventPageAndExportCases(prisma: PrismaClient, s: Sample): Case[] {
  return [
    {
      group: GROUPS.eventPage,
      name: "detail lookup by eventID",
      run: async () => ((await getEvent(prisma, s.nextEventId())) ? 1 : 0),
    },
    {
      group: GROUPS.eventPage,
      name: "detail + related events",
      run: async () => {
        const found = await getEvent(prisma, s.nextEventId());
        const related = found ? await getRelatedEvents(prisma, found.anchor) : null;
        return related ? related.sameActor.length + related.onResources.length : 0;
      },
    },
    {
      group: GROUPS.export,
      name: "CSV export of ~10,000 events (a time window)",
      slow: true,
      run: async () =>
        (await new Response(exportEvents(prisma, s.exportWindow, "csv")).text()).split("\r\n").length - 2,
    },
  ];
}

function baselineCases(prisma: PrismaClient, s: Sample): Case[] {
  const selectPage = Prisma.sql`SELECT p.*, a.name AS actor_name, ${RESOURCES_JSON} AS resources
    FROM page p JOIN actor a ON a.id = p.actor_id`;
  return [
    {
      group: GROUPS.baselines,
      slow: true,
      name: `deep page with OFFSET ${n(s.depth)}`,
      run: async () =>
        (
          await prisma.$queryRaw<Row[]>`WITH page AS (SELECT e.* FROM event e
            ORDER BY e.event_time DESC, e.id DESC OFFSET ${s.depth} LIMIT 50) ${selectPage}`
        ).length,
    },
    {
      group: GROUPS.baselines,
      slow: true,
      name: "exact count(*) of all events",
      run: async () => Number((await s.one<{ n: bigint }>(Prisma.sql`SELECT count(*) AS n FROM event`)).n),
    },
  ];
}

/** The "extended" case starts from stored facts that miss the resource's newest events. */
const LATE_EVENTS = 10;

/**
 * The facts the app stores for a resource, as they were before its newest `newest` events
 * arrived: built by the app itself inside a transaction that hides those events, then rolled
 * back — the data set is left as it was.
 */
async function factsBehindByNewest(
  prisma: PrismaClient,
  resourceRowId: bigint,
  key: QueryBench["hotResource"],
  newest: number,
): Promise<{ eventCount: number; body: Uint8Array }> {
  class Built extends Error {
    constructor(readonly row: { event_count: number; body: Uint8Array }) {
      super("rolled back");
    }
  }
  try {
    await prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`DELETE FROM event_resource WHERE (resource_id, event_id) IN (
          SELECT resource_id, event_id FROM event_resource
          WHERE resource_id = ${resourceRowId} ORDER BY event_time DESC, event_id DESC LIMIT ${newest})`;
        await tx.$executeRaw`UPDATE resource SET event_count = event_count - ${newest} WHERE id = ${resourceRowId}`;
        clearResourceStateCache();
        await loadResourcePage(tx as unknown as PrismaClient, key, DEFAULT_TIMELINE_PARAMS);
        await storedFactsSettled();
        const [row] = await tx.$queryRaw<Array<{ event_count: number; body: Uint8Array }>>`
          SELECT event_count, body FROM resource_history WHERE resource_id = ${resourceRowId}`;
        throw new Built(row!);
      },
      { timeout: 120_000 },
    );
  } catch (err) {
    if (err instanceof Built) {
      clearResourceStateCache();
      return { eventCount: err.row.event_count, body: err.row.body };
    }
    throw err;
  }
  throw new Error("the transaction was not rolled back");
}

async function clusterPageCases(prisma: PrismaClient, s: Sample, bench: QueryBench): Promise<Case[]> {
  const hotRowId = s.hotRowId;
  const hotPage = async () =>
    (await loadResourcePage(prisma, bench.hotResource, DEFAULT_TIMELINE_PARAMS))?.timeline.items.length ?? 0;
  const lagging = await factsBehindByNewest(prisma, hotRowId, bench.hotResource, LATE_EVENTS);
  return [
    {
      group: GROUPS.clusters,
      name: "resource page, 10,000 events: nothing stored yet (built from every event)",
      prepare: async () => {
        await storedFactsSettled();
        await prisma.$executeRaw`DELETE FROM resource_history WHERE resource_id = ${hotRowId}`;
        clearResourceStateCache();
      },
      run: hotPage,
    },
    {
      group: GROUPS.clusters,
      name: "resource page, 10,000 events: first view in a process (stored facts read back)",
      prepare: async () => {
        await storedFactsSettled();
        clearResourceStateCache();
      },
      run: hotPage,
    },
    {
      group: GROUPS.clusters,
      name: `resource page, 10,000 events: ${LATE_EVENTS} new since the stored facts (read back and extended)`,
      prepare: async () => {
        await storedFactsSettled();
        await prisma.$executeRaw`UPDATE resource_history SET event_count = ${lagging.eventCount}, body = ${lagging.body}
          WHERE resource_id = ${hotRowId}`;
        clearResourceStateCache();
      },
      run: hotPage,
    },
    {
      group: GROUPS.clusters,
      name: "resource page, 10,000 events: held in memory (loadResourcePage)",
      run: hotPage,
    },
    {
      group: GROUPS.clusters,
      name: "resources list, default view (listResources)",
      run: async () => (await listResources(prisma, DEFAULT_LIST_PARAMS)).rows.length,
    },
    {
      group: GROUPS.clusters,
      name: "resources list, deleted redis cache clusters (engine and status filters)",
      run: async () =>
        (
          await listResources(prisma, {
            ...DEFAULT_LIST_PARAMS,
            kind: "cache-cluster",
            engine: "redis",
            status: "deleted",
          })
        ).rows.length,
    },
    {
      group: GROUPS.clusters,
      name: "resource timeline: newest 50 of 10,000 (event_resource ⨝ event)",
      run: async () =>
        (
          await prisma.$queryRaw<Row[]>`
            SELECT COALESCE(e.event_id, e.event_key::text) AS event_id, e.event_time, e.event_name, e.error_code, er.role, a.name
            FROM (SELECT event_id, role FROM event_resource WHERE resource_id = ${hotRowId}
                  ORDER BY event_time DESC, event_id DESC LIMIT 50) er
            JOIN event e ON e.id = er.event_id JOIN actor a ON a.id = e.actor_id
            ORDER BY e.event_time DESC, e.id DESC`
        ).length,
    },
    {
      group: GROUPS.clusters,
      name: "resource timeline: 50 at 5,000 deep (keyset)",
      run: async () => {
        const cut = await s.one<{ event_time: Date; event_id: bigint }>(
          Prisma.sql`SELECT event_time, event_id FROM event_resource WHERE resource_id = ${hotRowId}
            ORDER BY event_time DESC, event_id DESC OFFSET 5000 LIMIT 1`,
        );
        return (
          await prisma.$queryRaw<Row[]>`
            SELECT COALESCE(e.event_id, e.event_key::text) AS event_id, e.event_time, e.event_name FROM (SELECT event_id FROM event_resource
              WHERE resource_id = ${hotRowId} AND (event_time, event_id) < (${cut.event_time}, ${cut.event_id})
              ORDER BY event_time DESC, event_id DESC LIMIT 50) er JOIN event e ON e.id = er.event_id`
        ).length;
      },
    },
    {
      group: GROUPS.clusters,
      name: "resources list: cache clusters by last seen, 50",
      run: async () =>
        (
          await prisma.$queryRaw<Row[]>`SELECT r.*, a.name AS last_change_by FROM resource r
            LEFT JOIN actor a ON a.id = r.last_change_actor_id
            WHERE r.kind = 'cache-cluster' ORDER BY r.last_seen DESC LIMIT 50`
        ).length,
    },
  ];
}

/** Every case, in the order of the report, on values picked from `bench`. */
export async function queryCases(prisma: PrismaClient, bench: QueryBench): Promise<Case[]> {
  // What the server's sweeper does after an ingest (lib/resources/sweeper.ts): once per data set.
  let summarised = 0;
  for (let done = 1; done > 0; summarised += done) done = await summariseResources(prisma);
  if (summarised > 0) console.error(`Summarised ${n(summarised)} resources for the list's engine and status filters.`);
  const s = await pickSample(prisma, bench);
  return [
    ...eventListCases(prisma, s, bench),
    ...filterMenuCases(prisma, s),
    ...eventPageAndExportCases(prisma, s),
    ...baselineCases(prisma, s),
    ...(await clusterPageCases(prisma, s, bench)),
    ...(await overviewCases(prisma)),
    ...(await actorCases(prisma)),
  ];
}
