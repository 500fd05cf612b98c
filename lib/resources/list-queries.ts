import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { listFacts } from "./list-facts";
import { PAGE_SIZE, sortDirection, type ListSort, type ResourceListParams } from "./list-params";
import { actorRef, iso, isoOrNull, timelineEvent, type ActorColumns, type HistoryEventColumns } from "./rows";
import type { ResourceList, ResourceListRow } from "./types";

// The resources list. Everything filters and sorts on `resource` columns, so a page costs a
// scan of the (small) resource table at worst; the per-row facts (engine, status) come from
// at most three events per listed row, found by exact (resource_id, event_time) lookups in
// event_resource's timeline index — never by scanning a resource's events.

const SORT_COLUMNS: Readonly<Record<ListSort, Prisma.Sql>> = {
  lastSeen: Prisma.sql`r.last_seen`,
  firstSeen: Prisma.sql`r.first_seen`,
  lastChange: Prisma.sql`r.last_change_at`,
  changes: Prisma.sql`r.change_count`,
  events: Prisma.sql`r.event_count`,
  id: Prisma.sql`r.resource_id`,
};

/** Facts are read from this many events per row at most (several can share the same second). */
const SAMPLE_EVENTS = 12;

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filters(params: ResourceListParams, withKind: boolean): Prisma.Sql {
  const where: Prisma.Sql[] = [];
  if (withKind && params.kind) where.push(Prisma.sql`r.kind = ${params.kind}`);
  if (params.account) where.push(Prisma.sql`r.account_id = ${params.account}`);
  if (params.region) where.push(Prisma.sql`r.region = ${params.region === "global" ? "" : params.region}`);
  if (params.q) where.push(Prisma.sql`r.resource_id ILIKE ${likePattern(params.q)}`);
  return where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
}

interface PageRow extends ActorColumns {
  kind: string;
  resource_id: string;
  account_id: string;
  region: string;
  first_seen: Date;
  last_seen: Date;
  event_count: number;
  change_count: number;
  last_change_at: Date | null;
  sample: Array<Omit<HistoryEventColumns, "event_time"> & { event_time: string }> | null;
}

export async function listResources(prisma: PrismaClient, params: ResourceListParams): Promise<ResourceList> {
  const dir = sortDirection(params) === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const order = Prisma.sql`${SORT_COLUMNS[params.sort]} ${dir} NULLS LAST, r.resource_id ${dir}, r.id ${dir}`;
  const offset = (params.page - 1) * PAGE_SIZE;

  const [rows, kindCounts, accounts, regions] = await Promise.all([
    prisma.$queryRaw<PageRow[]>`
      SELECT r.kind, r.resource_id, r.account_id, r.region, r.first_seen, r.last_seen, r.event_count, r.change_count,
        r.last_change_at, a.key AS actor_key, a.name AS actor_name, a.type AS actor_type, facts.sample
      FROM (SELECT r.* FROM resource r ${filters(params, true)} ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET ${offset}) r
      LEFT JOIN actor a ON a.id = r.last_change_actor_id
      LEFT JOIN LATERAL (
        SELECT json_agg(json_build_object(
          'event_id', e.event_id, 'event_time', e.event_time, 'event_name', e.event_name, 'error_code', e.error_code,
          'read_only', e.read_only, 'request', e.record->'requestParameters', 'response', e.record->'responseElements',
          'actor_name', NULL)) AS sample
        FROM (
          SELECT er.event_id FROM event_resource er
          WHERE er.resource_id = r.id
            AND er.event_time IN (r.first_seen, r.last_seen, COALESCE(r.last_change_at, r.first_seen))
          LIMIT ${SAMPLE_EVENTS}
        ) s JOIN event e ON e.id = s.event_id
      ) facts ON true
      ORDER BY ${order}`,
    prisma.$queryRaw<{ kind: string; count: bigint }[]>`
      SELECT r.kind, count(*) AS count FROM resource r ${filters(params, false)} GROUP BY r.kind`,
    distinctAccounts(prisma),
    distinctRegions(prisma),
  ]);

  const counts: Record<string, number> = {};
  for (const c of kindCounts) counts[c.kind] = Number(c.count);
  const total = params.kind ? (counts[params.kind] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    rows: rows.map(toListRow),
    total,
    page: params.page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    kindCounts: counts,
    accounts,
    regions,
  };
}

function toListRow(row: PageRow): ResourceListRow {
  const sample = (row.sample ?? []).map((e) => timelineEvent({ ...e, event_time: new Date(e.event_time) }));
  const facts = listFacts(row.kind as ResourceKind, row.resource_id, sample);
  return {
    key: { accountId: row.account_id, region: row.region, kind: row.kind, resourceId: row.resource_id },
    ...facts,
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
    eventCount: row.event_count,
    changeCount: row.change_count,
    lastChangeAt: isoOrNull(row.last_change_at),
    lastChangedBy: actorRef(row),
  };
}

/** Distinct accounts by skipping along the unique (account_id, …) index: one probe per account. */
async function distinctAccounts(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ v: string }[]>`
    WITH RECURSIVE t(v) AS (
      (SELECT account_id FROM resource ORDER BY account_id LIMIT 1)
      UNION ALL
      SELECT (SELECT account_id FROM resource WHERE account_id > t.v ORDER BY account_id LIMIT 1) FROM t WHERE t.v IS NOT NULL
    ) SELECT v FROM t WHERE v IS NOT NULL`;
  return rows.map((r) => r.v);
}

/**
 * Regions, skipping along event's (aws_region, …) index. Resources live in their events'
 * regions, except global datastores (region "") and, rarely, a datastore member named with
 * another region; those come from the kind counts and the filter still accepts any region.
 */
async function distinctRegions(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ v: string }[]>`
    WITH RECURSIVE t(v) AS (
      (SELECT aws_region FROM event ORDER BY aws_region LIMIT 1)
      UNION ALL
      SELECT (SELECT aws_region FROM event WHERE aws_region > t.v ORDER BY aws_region LIMIT 1) FROM t WHERE t.v IS NOT NULL
    ) SELECT v FROM t WHERE v IS NOT NULL AND v <> ''`;
  return rows.map((r) => r.v);
}
