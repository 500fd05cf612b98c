import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { EVENT_KINDS, WRITE_KINDS, type EventKind } from "@/lib/events/kind";
import { type Interval } from "@/lib/rollups/hours";
import { actorCounts, kindCounts, resourceChanges } from "@/lib/rollups/sources";
import { latestFlagged } from "@/lib/security/flagged";
import { SENSITIVE_FLAGS } from "@/lib/security/flags";
import { bucketStart, bucketsOf, resolveScope, type Bucket, type ResolvedScope, type ScopeFilters } from "./scope";
import type { KpiName, Overview, ScopeOptions, SeriesBucket } from "./types";

// The Overview's numbers for a period and scope, read from the rollups (lib/rollups) rather
// than counted over events: at 1 M events counting a month of events per request took
// seconds, summing its days and hours takes milliseconds (docs/benchmarks.md). Every number
// here is exact; tests/integration/overview-rollups.test.ts compares each with a direct count
// over the stored events.

const TOP = 10;
const iso = (d: Date) => d.toISOString();

interface Aggregates {
  kpis: Record<KpiName, number>;
  series: { bucket: string; kind: EventKind; n: number }[];
  topActors: { key: string; name: string; type: string; writes: number }[];
  topResources: { account_id: string; region: string; kind: string; resource_id: string; changes: number }[];
  failures: { error_code: string; n: number }[];
}

type AggregateRow = Omit<Aggregates, "kpis"> & {
  totals: { events: number; writes: number; failures: number };
  actors: bigint;
  changes: { changed: number; created: number; deleted: number };
};

const BUCKETS: Record<Bucket, Prisma.Sql> = {
  hour: Prisma.raw("'hour'"),
  day: Prisma.raw("'day'"),
  week: Prisma.raw("'week'"),
};

/**
 * Every aggregate of one period in one statement (exported for the benchmark's EXPLAIN), each from the narrowest rollup that answers it
 * (lib/rollups/sources.ts): `k` the period's events per chart bucket × kind × error code (the KPIs,
 * the chart and failures by code; a few hundred rows), `a` its actors with their successful writes
 * (distinct actors, top writers), `res` its changed resources. `lists`: also the chart and the top
 * lists (the previous period only needs the KPIs).
 */
export function aggregatesQuery(period: Interval, s: ResolvedScope, lists: boolean): Prisma.Sql {
  const grain = lists && s.bucket === "hour" ? "hour" : "day";
  // A literal, not a parameter: the GROUP BY and the select list must hold the same expression.
  const bucket = lists ? Prisma.sql`date_trunc(${BUCKETS[s.bucket]}, hour, 'UTC')` : Prisma.sql`NULL::timestamptz`;
  const none = Prisma.sql`'[]'::json`;
  const writes = Prisma.sql`kind = ANY(${WRITE_KINDS}::text[])`;
  return Prisma.sql`
    WITH k AS MATERIALIZED (
      SELECT ${bucket} AS b, kind, error_code, sum(n)::bigint AS n
      FROM (${kindCounts(period, s, grain)}) src GROUP BY 1, 2, 3),
    a AS MATERIALIZED (
      SELECT actor_id, sum(writes)::bigint AS writes FROM (${actorCounts(period, s)}) src GROUP BY actor_id),
    res AS MATERIALIZED (
      SELECT resource_id, sum(n)::bigint AS changes, sum(creates) > 0 AS created, sum(deletes) > 0 AS deleted
      FROM (${resourceChanges(period, s)}) x GROUP BY resource_id)
    SELECT
      (SELECT json_build_object('events', COALESCE(sum(n), 0),
         'writes', COALESCE(sum(n) FILTER (WHERE ${writes}), 0),
         'failures', COALESCE(sum(n) FILTER (WHERE kind = 'failed'), 0)) FROM k) AS totals,
      (SELECT count(*) FROM a)::bigint AS actors,
      (SELECT json_build_object('changed', count(*), 'created', count(*) FILTER (WHERE created),
         'deleted', count(*) FILTER (WHERE deleted)) FROM res) AS changes,
      ${
        lists
          ? Prisma.sql`(SELECT COALESCE(json_agg(json_build_object('bucket', b, 'kind', kind, 'n', n)), '[]'::json)
          FROM (SELECT b, kind, sum(n) AS n FROM k GROUP BY 1, 2) x) AS series,
      (SELECT COALESCE(json_agg(json_build_object('key', ac.key, 'name', ac.name, 'type', ac.type, 'writes', t.writes)
          ORDER BY t.writes DESC, t.actor_id), '[]'::json)
        FROM (SELECT actor_id, writes FROM a WHERE writes > 0 ORDER BY writes DESC, actor_id LIMIT ${TOP}) t
        JOIN actor ac ON ac.id = t.actor_id) AS "topActors",
      (SELECT COALESCE(json_agg(json_build_object('account_id', r.account_id, 'region', r.region, 'kind', r.kind,
          'resource_id', r.resource_id, 'changes', t.changes) ORDER BY t.changes DESC, t.resource_id), '[]'::json)
        FROM (SELECT resource_id, changes FROM res ORDER BY changes DESC, resource_id LIMIT ${TOP}) t
        JOIN resource r ON r.id = t.resource_id) AS "topResources",
      (SELECT COALESCE(json_agg(json_build_object('error_code', error_code, 'n', n) ORDER BY n DESC, error_code), '[]'::json)
        FROM (SELECT error_code, sum(n) AS n FROM k WHERE kind = 'failed'
              GROUP BY error_code ORDER BY n DESC, error_code LIMIT ${TOP}) f) AS failures`
          : Prisma.sql`${none} AS series, ${none} AS "topActors", ${none} AS "topResources", ${none} AS failures`
      }`;
}

async function aggregates(
  prisma: PrismaClient,
  period: Interval,
  s: ResolvedScope,
  lists: boolean,
): Promise<Aggregates> {
  // The changed resources of a long period are ~90,000 groups (1 M events): at the default 4 MB of
  // work_mem their aggregate went to disk, and parallel workers only competed for the same two cores
  // with the other statements of the request (docs/benchmarks.md). Both set for this statement only.
  const [, rows] = await prisma.$transaction([
    prisma.$queryRaw`SELECT set_config('work_mem', '32MB', true), set_config('max_parallel_workers_per_gather', '0', true)`,
    prisma.$queryRaw<AggregateRow[]>(aggregatesQuery(period, s, lists)),
  ]);
  const [row] = rows;
  const r = row!;
  return {
    kpis: {
      events: Number(r.totals.events),
      writes: Number(r.totals.writes),
      failures: Number(r.totals.failures),
      actors: Number(r.actors),
      resourcesChanged: Number(r.changes.changed),
      resourcesCreated: Number(r.changes.created),
      resourcesDeleted: Number(r.changes.deleted),
    },
    series: r.series,
    topActors: r.topActors,
    topResources: r.topResources,
    failures: r.failures,
  };
}

function seriesOf(s: ResolvedScope, rows: Aggregates["series"]): SeriesBucket[] {
  const byStart = new Map<number, Partial<Record<EventKind, number>>>();
  for (const r of rows) {
    const start = new Date(r.bucket).getTime();
    const counts = byStart.get(start) ?? {};
    counts[r.kind] = Number(r.n);
    byStart.set(start, counts);
  }
  // Empty buckets are filled in here: the chart's axis shows the whole period.
  return bucketsOf(s.current, s.bucket).map((b) => {
    const found = byStart.get(bucketStart(b.from, s.bucket).getTime()) ?? {};
    return {
      from: iso(b.from),
      to: iso(b.to),
      counts: Object.fromEntries(EVENT_KINDS.map((k) => [k, found[k] ?? 0])) as Record<EventKind, number>,
    };
  });
}

/** From the filter menus' counters (event_facet_count): one index read. */
export async function scopeOptions(prisma: PrismaClient): Promise<ScopeOptions> {
  const rows = await prisma.$queryRaw<{ field: string; value: string }[]>`
    SELECT field, value FROM event_facet_count WHERE field IN ('account', 'region') AND event_count > 0 ORDER BY value`;
  return {
    accounts: rows.filter((r) => r.field === "account").map((r) => r.value),
    regions: rows.filter((r) => r.field === "region").map((r) => r.value),
  };
}

/** The first stored event's time, which "All time" starts from: one read of the event_time index. */
export async function earliestEvent(prisma: PrismaClient): Promise<Date | null> {
  const [row] = await prisma.$queryRaw<{ t: Date | null }[]>`SELECT min(event_time) AS t FROM event`;
  return row?.t ?? null;
}

/** The filters' period; "all" needs the first event's time, the others none (no round trip). */
export async function resolveScopeOf(prisma: PrismaClient, filters: ScopeFilters, now: Date): Promise<ResolvedScope> {
  return resolveScope(filters, now, filters.range === "all" ? await earliestEvent(prisma) : null);
}

const NO_KPIS: Record<KpiName, number> = {
  events: 0,
  writes: 0,
  failures: 0,
  actors: 0,
  resourcesChanged: 0,
  resourcesCreated: 0,
  resourcesDeleted: 0,
};

export async function getOverview(prisma: PrismaClient, filters: ScopeFilters, now = new Date()): Promise<Overview> {
  const s = await resolveScopeOf(prisma, filters, now);
  const [options, hasEvents, current, previous, sensitive] = await Promise.all([
    scopeOptions(prisma),
    prisma.$queryRaw<{ any: boolean }[]>(Prisma.sql`SELECT EXISTS (SELECT 1 FROM event) AS any`),
    aggregates(prisma, s.current, s, true),
    s.previous ? aggregates(prisma, s.previous, s, false).then((a) => a.kpis) : NO_KPIS,
    latestFlagged(prisma, SENSITIVE_FLAGS, s.current, s, TOP),
  ]);
  return {
    options,
    hasEvents: hasEvents[0]?.any ?? false,
    period: { from: iso(s.current.from), to: iso(s.current.to) },
    previous: s.previous && { from: iso(s.previous.from), to: iso(s.previous.to) },
    bucket: s.bucket,
    kpis: Object.fromEntries(
      (Object.keys(current.kpis) as KpiName[]).map((k) => [k, { value: current.kpis[k], previous: previous[k] }]),
    ) as Overview["kpis"],
    series: seriesOf(s, current.series),
    topResources: current.topResources.map((r) => ({
      resource: { accountId: r.account_id, region: r.region, kind: r.kind, resourceId: r.resource_id },
      changes: Number(r.changes),
    })),
    topActors: current.topActors.map((a) => ({
      actor: { key: a.key, name: a.name, type: a.type },
      writes: Number(a.writes),
    })),
    failures: current.failures.map((f) => ({ errorCode: f.error_code, count: Number(f.n) })),
    sensitive,
  };
}
