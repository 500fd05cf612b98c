import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { EVENT_KINDS, WRITE_KINDS, type EventKind } from "@/lib/events/kind";
import { type Interval } from "@/lib/rollups/hours";
import { eventCounts, resourceChanges } from "@/lib/rollups/sources";
import { latestFlagged } from "@/lib/security/flagged";
import { SENSITIVE_FLAGS } from "@/lib/security/flags";
import { bucketStart, bucketsOf, resolveScope, type ResolvedScope, type ScopeFilters } from "./scope";
import type { KpiName, Overview, ScopeOptions, SeriesBucket } from "./types";

// The Overview's numbers for a period and scope, read from the rollups (lib/rollups) rather
// than counted over events: at 1 M events counting a month of events per request took
// seconds, summing its hours takes milliseconds (docs/benchmarks.md). Every number here is
// exact; tests/integration/overview.test.ts compares each with a direct count over `event`.

const TOP = 10;
const iso = (d: Date) => d.toISOString();

async function kpis(prisma: PrismaClient, period: Interval, s: ResolvedScope): Promise<Record<KpiName, number>> {
  const [events, changes] = await Promise.all([
    prisma.$queryRaw<{ events: bigint; writes: bigint; failures: bigint; actors: bigint }[]>`
      SELECT COALESCE(sum(n), 0)::bigint AS events,
        COALESCE(sum(n) FILTER (WHERE kind = ANY(${WRITE_KINDS}::text[])), 0)::bigint AS writes,
        COALESCE(sum(n) FILTER (WHERE kind = 'failed'), 0)::bigint AS failures,
        count(DISTINCT actor_id)::bigint AS actors
      FROM (${eventCounts(period, s)}) src`,
    prisma.$queryRaw<{ changed: bigint; created: bigint; deleted: bigint }[]>`
      SELECT count(DISTINCT resource_id)::bigint AS changed,
        count(DISTINCT resource_id) FILTER (WHERE kind = 'create')::bigint AS created,
        count(DISTINCT resource_id) FILTER (WHERE kind = 'delete')::bigint AS deleted
      FROM (${resourceChanges(period, s)}) src`,
  ]);
  const e = events[0]!;
  const c = changes[0]!;
  return {
    events: Number(e.events),
    writes: Number(e.writes),
    failures: Number(e.failures),
    actors: Number(e.actors),
    resourcesChanged: Number(c.changed),
    resourcesCreated: Number(c.created),
    resourcesDeleted: Number(c.deleted),
  };
}

async function series(prisma: PrismaClient, s: ResolvedScope): Promise<SeriesBucket[]> {
  const rows = await prisma.$queryRaw<{ bucket: Date; kind: EventKind; n: bigint }[]>`
    SELECT date_trunc(${s.bucket}, hour, 'UTC') AS bucket, kind, sum(n)::bigint AS n
    FROM (${eventCounts(s.current, s, s.bucket === "hour" ? "hour" : "day")}) src GROUP BY 1, 2`;
  const byStart = new Map<number, Partial<Record<EventKind, number>>>();
  for (const r of rows) {
    const counts = byStart.get(r.bucket.getTime()) ?? {};
    counts[r.kind] = Number(r.n);
    byStart.set(r.bucket.getTime(), counts);
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

async function topResources(prisma: PrismaClient, s: ResolvedScope) {
  const rows = await prisma.$queryRaw<
    { account_id: string; region: string; kind: string; resource_id: string; changes: bigint }[]
  >`
    SELECT r.account_id, r.region, r.kind, r.resource_id, t.changes
    FROM (SELECT resource_id, sum(n)::bigint AS changes FROM (${resourceChanges(s.current, s)}) src
          GROUP BY resource_id ORDER BY changes DESC, resource_id LIMIT ${TOP}) t
    JOIN resource r ON r.id = t.resource_id
    ORDER BY t.changes DESC, t.resource_id`;
  return rows.map((r) => ({
    resource: { accountId: r.account_id, region: r.region, kind: r.kind, resourceId: r.resource_id },
    changes: Number(r.changes),
  }));
}

async function topActors(prisma: PrismaClient, s: ResolvedScope) {
  const rows = await prisma.$queryRaw<{ key: string; name: string; type: string; writes: bigint }[]>`
    SELECT a.key, a.name, a.type, t.writes
    FROM (SELECT actor_id, sum(n)::bigint AS writes FROM (${eventCounts(s.current, s)}) src
          WHERE kind = ANY(${WRITE_KINDS}::text[])
          GROUP BY actor_id ORDER BY writes DESC, actor_id LIMIT ${TOP}) t
    JOIN actor a ON a.id = t.actor_id
    ORDER BY t.writes DESC, t.actor_id`;
  return rows.map((r) => ({ actor: { key: r.key, name: r.name, type: r.type }, writes: Number(r.writes) }));
}

async function failures(prisma: PrismaClient, s: ResolvedScope) {
  const rows = await prisma.$queryRaw<{ error_code: string; n: bigint }[]>`
    SELECT error_code, sum(n)::bigint AS n FROM (${eventCounts(s.current, s)}) src
    WHERE kind = 'failed' GROUP BY error_code ORDER BY n DESC, error_code LIMIT ${TOP}`;
  return rows.map((r) => ({ errorCode: r.error_code, count: Number(r.n) }));
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
  const [options, hasEvents, current, previous, buckets, resources, actors, errors, sensitive] = await Promise.all([
    scopeOptions(prisma),
    prisma.$queryRaw<{ any: boolean }[]>(Prisma.sql`SELECT EXISTS (SELECT 1 FROM event) AS any`),
    kpis(prisma, s.current, s),
    s.previous ? kpis(prisma, s.previous, s) : NO_KPIS,
    series(prisma, s),
    topResources(prisma, s),
    topActors(prisma, s),
    failures(prisma, s),
    latestFlagged(prisma, SENSITIVE_FLAGS, s.current, s, TOP),
  ]);
  return {
    options,
    hasEvents: hasEvents[0]?.any ?? false,
    period: { from: iso(s.current.from), to: iso(s.current.to) },
    previous: s.previous && { from: iso(s.previous.from), to: iso(s.previous.to) },
    bucket: s.bucket,
    kpis: Object.fromEntries(
      (Object.keys(current) as KpiName[]).map((k) => [k, { value: current[k], previous: previous[k] }]),
    ) as Overview["kpis"],
    series: buckets,
    topResources: resources,
    topActors: actors,
    failures: errors,
    sensitive,
  };
}
