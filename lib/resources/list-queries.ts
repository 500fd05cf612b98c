import "server-only";
import { containsPattern } from "@/lib/db/like-pattern";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { RESOURCE_KINDS } from "./kinds";
import { listFacts } from "./list-facts";
import { Memo } from "./memo";
import { PAGE_SIZE, sortDirection, type ListSort, type ResourceListParams } from "./list-params";
import { actorRef, iso, isoOrNull, timelineEvent, type HistoryEventColumns } from "./rows";
import type { ResourceRow } from "./timeline-queries";
import type { ResourceList, ResourceListRow } from "./types";

// The resources list. Everything filters and sorts on `resource` columns; the per-row facts
// (engine, status) come from at most three events per listed row, found by exact
// (resource_id, event_time) lookups in event_resource's timeline index — never by scanning a
// resource's events. The default view (newest activity first) walks the (kind, last_seen)
// index once per kind; the tab counts change only when resources are added, so they are
// remembered per highest resource id.

const SORT_COLUMNS: Readonly<Record<ListSort, Prisma.Sql>> = {
  // Only last_change_at can be NULL; NULLS LAST elsewhere would stop PostgreSQL from using
  // the (kind, last_seen DESC) index, whose DESC order puts NULLs first.
  lastSeen: Prisma.sql`r.last_seen`,
  firstSeen: Prisma.sql`r.first_seen`,
  lastChange: Prisma.sql`r.last_change_at`,
  changes: Prisma.sql`r.change_count`,
  events: Prisma.sql`r.event_count`,
  id: Prisma.sql`r.resource_id`,
};

/** Facts are read from this many events per row at most (several can share the same second). */
const SAMPLE_EVENTS = 12;

function filters(params: ResourceListParams, withKind: boolean): Prisma.Sql {
  const where: Prisma.Sql[] = [];
  if (withKind && params.kind) where.push(Prisma.sql`r.kind = ${params.kind}`);
  if (params.account) where.push(Prisma.sql`r.account_id = ${params.account}`);
  if (params.region) where.push(Prisma.sql`r.region = ${params.region === "global" ? "" : params.region}`);
  if (params.q) where.push(Prisma.sql`r.resource_id ILIKE ${containsPattern(params.q)}`);
  return where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
}

interface PageRow extends Omit<ResourceRow, "id"> {
  sample: Array<Omit<HistoryEventColumns, "event_time"> & { event_time: string }> | null;
}

export async function listResources(prisma: PrismaClient, params: ResourceListParams): Promise<ResourceList> {
  const dir = sortDirection(params) === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  // Ties (equal counts, same second) read best A→Z, whatever the direction of the sorted column.
  const tieBreak = params.sort === "id" ? dir : Prisma.sql`ASC`;
  const nulls = params.sort === "lastChange" ? Prisma.sql`NULLS LAST` : Prisma.empty;
  const order = Prisma.sql`${SORT_COLUMNS[params.sort]} ${dir} ${nulls}, r.resource_id ${tieBreak}, r.id ${tieBreak}`;
  const offset = (params.page - 1) * PAGE_SIZE;

  const [rows, counts, accounts, regions] = await Promise.all([
    prisma.$queryRaw<PageRow[]>`
      SELECT r.kind, r.resource_id, r.account_id, r.region, r.first_seen, r.last_seen, r.event_count, r.change_count,
        r.last_change_at, a.key AS actor_key, a.name AS actor_name, a.type AS actor_type, facts.sample
      FROM (${pageOfResources(params, order, offset)}) r
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
    kindCounts(prisma, params),
    distinctAccounts(prisma),
    distinctRegions(prisma),
  ]);

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

/**
 * The ids of one page. Newest activity first across all kinds merges the first rows of each
 * kind's (kind, last_seen DESC) index instead of sorting the whole table.
 */
function pageOfResources(params: ResourceListParams, order: Prisma.Sql, offset: number): Prisma.Sql {
  if (params.kind || params.sort !== "lastSeen" || sortDirection(params) !== "desc") {
    return Prisma.sql`SELECT r.* FROM resource r ${filters(params, true)} ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET ${offset}`;
  }
  const perKind = RESOURCE_KINDS.map(
    (kind) => Prisma.sql`(SELECT r.* FROM resource r ${filters({ ...params, kind }, true)} ORDER BY ${order} LIMIT ${offset + PAGE_SIZE})`,
  );
  return Prisma.sql`SELECT r.* FROM (${Prisma.join(perKind, " UNION ALL ")}) r ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET ${offset}`;
}

const countsMemo = new Memo<Record<string, number>>(256);

/** Resources per kind under the other filters. Rows are only ever added, so the highest id versions the answer. */
async function kindCounts(prisma: PrismaClient, params: ResourceListParams): Promise<Record<string, number>> {
  const [version] = await prisma.$queryRaw<{ max: bigint | null }[]>`SELECT max(id) AS max FROM resource`;
  const key = JSON.stringify([String(version?.max ?? 0), params.account, params.region, params.q]);
  return countsMemo.get(key, async () => {
    const rows = await prisma.$queryRaw<{ kind: string; count: bigint }[]>`
      SELECT r.kind, count(*) AS count FROM resource r ${filters(params, false)} GROUP BY r.kind`;
    return Object.fromEntries(rows.map((c) => [c.kind, Number(c.count)]));
  });
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
