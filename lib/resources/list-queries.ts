import "server-only";
import { containsPattern } from "@/lib/db/like-pattern";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { ResourceStatus } from "@/lib/history";
import { regionFromUrlSegment } from "@/lib/urls";
import { RESOURCE_KINDS } from "./kinds";
import { Memo } from "./memo";
import { PAGE_SIZE, sortDirection, type ListSort, type ResourceListParams } from "./list-params";
import { actorRef, iso, isoOrNull } from "./sql-rows";
import { factsFromSample, sampleLateral, unsummarisedCount, type SampleEvent } from "./summaries";
import type { ResourceRow } from "./timeline-queries";
import type { ResourceList, ResourceListRow } from "./types";

// The resources list. Everything filters and sorts on `resource` columns; the per-row facts
// (engine, status) are the row's summary (summaries.ts), or for a resource not summarised
// since its last events, worked out from at most three of its events. The default view
// (newest activity first) walks the (kind, last_seen_day) index once per kind; the tab counts
// change only when resources are added, so they are remembered per highest resource id —
// except under an engine or status filter, whose counts move as summaries are filled in: those
// are index-only counts on (status, engine, kind, account_id, region) (migration 20261213100000,
// docs/benchmarks.md, session 21).

const SORT_COLUMNS: Readonly<Record<ListSort, Prisma.Sql>> = {
  // Only last_change_at can be NULL; NULLS LAST elsewhere would stop PostgreSQL from using
  // the (kind, last_seen_day DESC) index, whose DESC order puts NULLs first.
  lastSeen: Prisma.sql`r.last_seen`,
  firstSeen: Prisma.sql`r.first_seen`,
  lastChange: Prisma.sql`r.last_change_at`,
  changes: Prisma.sql`r.change_count`,
  events: Prisma.sql`r.event_count`,
  id: Prisma.sql`r.resource_id`,
};

function filters(params: ResourceListParams, withKind: boolean): Prisma.Sql {
  const where: Prisma.Sql[] = [];
  if (withKind && params.kind) where.push(Prisma.sql`r.kind = ${params.kind}`);
  if (params.account) where.push(Prisma.sql`r.account_id = ${params.account}`);
  if (params.region) where.push(Prisma.sql`r.region = ${regionFromUrlSegment(params.region)}`);
  if (params.q) where.push(Prisma.sql`r.resource_id ILIKE ${containsPattern(params.q)}`);
  if (params.status) where.push(Prisma.sql`r.status = ${params.status}`);
  // A parameter group has a family ("redis7") where others have an engine.
  if (params.engine) where.push(Prisma.sql`r.engine LIKE ${`${params.engine}%`}`);
  return where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
}

interface ListPageRow extends Omit<ResourceRow, "id"> {
  status: ResourceStatus | null;
  engine: string | null;
  engine_version: string | null;
  summarised_events: number;
  sample: SampleEvent[] | null;
}

export async function listResources(prisma: PrismaClient, params: ResourceListParams): Promise<ResourceList> {
  const dir = sortDirection(params) === "asc" ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  // Ties (equal counts, same second) read best A→Z, whatever the direction of the sorted column.
  const tieBreak = params.sort === "id" ? dir : Prisma.sql`ASC`;
  const nulls = params.sort === "lastChange" ? Prisma.sql`NULLS LAST` : Prisma.empty;
  // Last seen: the (kind, last_seen_day) index gives the days in order, each day's few resources are sorted.
  const sorted =
    params.sort === "lastSeen" ? Prisma.sql`r.last_seen_day ${dir}, r.last_seen` : SORT_COLUMNS[params.sort];
  const order = Prisma.sql`${sorted} ${dir} ${nulls}, r.resource_id ${tieBreak}, r.id ${tieBreak}`;
  const offset = (params.page - 1) * PAGE_SIZE;

  const [rows, counts, accounts, regions, unsummarised] = await Promise.all([
    prisma.$queryRaw<ListPageRow[]>`
      SELECT r.kind, r.resource_id, r.account_id, r.region, r.first_seen, r.last_seen, r.event_count, r.change_count,
        r.last_change_at, r.status, r.engine, r.engine_version, r.summarised_events, a.key AS actor_key, a.name AS actor_name,
        a.type AS actor_type, facts.sample
      FROM (${pageOfResources(params, order, offset)}) r
      LEFT JOIN actor a ON a.id = r.last_change_actor_id
      ${sampleLateral(Prisma.sql`r.summarised_events <> r.event_count`)}
      ORDER BY ${order}`,
    kindCounts(prisma, params),
    distinctAccounts(prisma),
    distinctRegions(prisma),
    params.status || params.engine ? unsummarisedCount(prisma) : 0,
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
    unsummarised,
  };
}

/**
 * The ids of one page. Newest activity first across all kinds merges the first rows of each
 * kind's (kind, last_seen_day DESC) index instead of sorting the whole table.
 */
function pageOfResources(params: ResourceListParams, order: Prisma.Sql, offset: number): Prisma.Sql {
  if (params.kind || params.sort !== "lastSeen" || sortDirection(params) !== "desc") {
    return Prisma.sql`SELECT r.* FROM resource r ${filters(params, true)} ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET ${offset}`;
  }
  const perKind = RESOURCE_KINDS.map(
    (kind) =>
      Prisma.sql`(SELECT r.* FROM resource r ${filters({ ...params, kind }, true)} ORDER BY ${order} LIMIT ${offset + PAGE_SIZE})`,
  );
  return Prisma.sql`SELECT r.* FROM (${Prisma.join(perKind, " UNION ALL ")}) r ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET ${offset}`;
}

const countsMemo = new Memo<Record<string, number>>(256);

/** Resources per kind under the other filters. Rows are only ever added, so the highest id versions the answer. */
async function kindCounts(prisma: PrismaClient, params: ResourceListParams): Promise<Record<string, number>> {
  const count = async () => {
    const rows = await prisma.$queryRaw<{ kind: string; count: bigint }[]>`
      SELECT r.kind, count(*) AS count FROM resource r ${filters(params, false)} GROUP BY r.kind`;
    return Object.fromEntries(rows.map((c) => [c.kind, Number(c.count)]));
  };
  if (params.status || params.engine) return count();
  const [version] = await prisma.$queryRaw<{ max: bigint | null }[]>`SELECT max(id) AS max FROM resource`;
  return countsMemo.get(JSON.stringify([String(version?.max ?? 0), params.account, params.region, params.q]), count);
}

function toListRow(row: ListPageRow): ResourceListRow {
  const facts =
    row.summarised_events === row.event_count && row.status
      ? { status: row.status, engine: row.engine, engineVersion: row.engine_version }
      : factsFromSample(row.kind, row.resource_id, row.sample);
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
