import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { decodeCursor } from "./cursor";
import { FACET_COLUMNS, type FacetField } from "./facets";
import { freeTextCondition } from "./free-text";
import { resolveTimeRange, type EventFilters } from "./filters";
import { namePattern, type EventKind } from "./kind";
import type { FilterContext } from "./resolve";

// Filters → SQL conditions on `event e`. Every value is a bound parameter. Each condition
// is written so PostgreSQL can use the (column, event_time DESC, id DESC) indexes or the
// trigram index on search_text (free-text.ts), and so the keyset condition stays an index range.
//
// Rows are read from an EventScan: `event e` walked by (event_time, id), or — when the
// filter names one resource — that resource's range of event_resource, whose copied
// (event_time, event_id) is the same order. A resource with 10,000 events spread over a
// million then costs one page of index entries instead of a search through the million.

/** One id is an equality, so the matching (column, event_time, id) index yields rows in page order. */
function oneOf(column: Prisma.Sql, ids: bigint[]): Prisma.Sql {
  if (ids.length === 0) return Prisma.sql`FALSE`;
  if (ids.length === 1) return Prisma.sql`${column} = ${ids[0]}`;
  return Prisma.sql`${column} = ANY(${ids}::bigint[])`;
}

function singleResource(f: EventFilters, ctx: FilterContext): bigint | null {
  return f.resource && ctx.resourceIds?.length === 1 && !ctx.eventTableOnly ? ctx.resourceIds[0]! : null;
}

export interface EventScan {
  /** FROM clause; always binds `e` to event. */
  from: Prisma.Sql;
  /** The (time, id) pair the scan is ordered by. */
  time: Prisma.Sql;
  id: Prisma.Sql;
}

export function eventScan(f: EventFilters, ctx: FilterContext): EventScan {
  if (singleResource(f, ctx) !== null) {
    return {
      from: Prisma.sql`event_resource er JOIN event e ON e.id = er.event_id`,
      time: Prisma.raw("er.event_time"),
      id: Prisma.raw("er.event_id"),
    };
  }
  return { from: Prisma.raw("event e"), time: Prisma.raw("e.event_time"), id: Prisma.raw("e.id") };
}

/** The column of `event e` whose values a filter menu counts. */
export function facetColumn(field: FacetField): Prisma.Sql {
  return Prisma.raw(`e.${FACET_COLUMNS[field]}`);
}

/**
 * The filter's conditions. `omit`: the facet whose menu is being counted, under every other
 * filter but its own (the menu lists what choosing another value would give).
 */
export function filterConditions(f: EventFilters, ctx: FilterContext, omit?: FacetField): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  const { from, to } = resolveTimeRange(f, ctx.now);
  if (from) where.push(Prisma.sql`e.event_time >= ${from.toISOString()}::timestamptz`);
  if (to) where.push(Prisma.sql`e.event_time < ${to.toISOString()}::timestamptz`);
  for (const field of ["name", "account", "region"] as const) {
    const values = f[field];
    if (values?.length && omit !== field) where.push(Prisma.sql`${facetColumn(field)} = ANY(${values}::text[])`);
  }
  if (f.access) where.push(Prisma.sql`e.read_only = ${f.access === "read"}`);
  if (omit !== "error") {
    const error = facetColumn("error");
    if (f.error) where.push(Prisma.sql`${error} = ${f.error}`);
    else if (f.outcome === "failure") where.push(Prisma.sql`${error} IS NOT NULL`);
    else if (f.outcome === "success") where.push(Prisma.sql`${error} IS NULL`);
  }
  if (f.kind) where.push(kindCondition(f.kind));
  // The rows security_event holds for the flag (written at ingest): its one key (flag, event_time, event_id) answers.
  if (f.flag)
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM security_event sf
        WHERE sf.flag = ${f.flag} AND sf.event_time = e.event_time AND sf.event_id = e.id)`,
    );
  if (f.ip) where.push(Prisma.sql`e.source_ip = ${f.ip}`);
  if (f.agent && omit !== "agent") where.push(Prisma.sql`${facetColumn("agent")} = ${f.agent}`);
  if (f.run) where.push(runCondition(f.run, ctx.runEvents));
  // Links carry the actor key; people type a name or an ARN: resolveFilters found the rows.
  if (f.actor) where.push(oneOf(Prisma.raw("e.actor_id"), ctx.actorIds ?? []));
  if (f.resource) {
    const ids = ctx.resourceIds ?? [];
    if (singleResource(f, ctx) !== null) {
      // The scan joins event_resource er; an event linked to the resource in two roles is kept once.
      // The copied event_time makes the probe one of the resource's timeline index: on event_id alone the
      // capped count (no ORDER BY) merge-joined the whole (event_id) index instead (111 ms, not 3, at 200,000).
      where.push(Prisma.sql`er.resource_id = ${ids[0]}`);
      where.push(Prisma.sql`NOT EXISTS (SELECT 1 FROM event_resource x WHERE x.resource_id = er.resource_id
        AND x.event_time = er.event_time AND x.event_id = er.event_id AND x.role < er.role)`);
    } else if (ids.length === 0) where.push(Prisma.sql`FALSE`);
    else
      where.push(
        Prisma.sql`e.id IN (SELECT er.event_id FROM event_resource er WHERE ${oneOf(Prisma.raw("er.resource_id"), ids)})`,
      );
  }
  if (f.q) where.push(freeTextCondition(f.q, ctx.text ?? { eventNames: [], actorIds: [] }));
  return where;
}

/**
 * A run's events: the range of ids it stored (ingest_run's bounds, moved with each of its batches), in
 * which only runs that stored at the same time have events too. The primary key's range replaced an
 * (ingest_run_id, event_time, id) index (issue 19); a run that has stored nothing (no bounds) matches nothing.
 * A page gives the bounds as values (ctx.runEvents): the planner then expects the run's rows to be many and
 * walks (event_time, id) with the id range checked in the index, stopping after a page (0.05–3 ms at 200,000);
 * given subqueries, it expected few and sorted the whole run (25–150 ms for 31,500 events). Counts keep the
 * subqueries: given values, the planner chose a sequential scan for the capped count (it multiplies the range's
 * and the run's shares as if independent), which reads every older event before the newest run's.
 */
function runCondition(run: string, events: FilterContext["runEvents"]): Prisma.Sql {
  if (events === null) return Prisma.sql`FALSE`;
  if (events) return Prisma.sql`e.ingest_run_id = ${run}::bigint AND e.id BETWEEN ${events.first} AND ${events.last}`;
  const bound = (column: Prisma.Sql) => Prisma.sql`(SELECT ${column} FROM ingest_run WHERE id = ${run}::bigint)`;
  return Prisma.sql`e.ingest_run_id = ${run}::bigint
    AND e.id BETWEEN ${bound(Prisma.raw("first_event_id"))} AND ${bound(Prisma.raw("last_event_id"))}`;
}

/** lib/events/kind.ts as conditions: failures and reads stay plain so their indexes serve them. */
function kindCondition(kind: EventKind): Prisma.Sql {
  if (kind === "failed") return Prisma.sql`e.error_code IS NOT NULL`;
  if (kind === "read") return Prisma.sql`e.error_code IS NULL AND e.read_only`;
  const write = Prisma.sql`e.error_code IS NULL AND NOT e.read_only`;
  if (kind !== "other-write") return Prisma.sql`${write} AND e.event_name ~ ${namePattern(kind)}`;
  return Prisma.sql`${write} AND e.event_name !~ ${namePattern("create")} AND e.event_name !~ ${namePattern("delete")}
    AND e.event_name !~ ${namePattern("modify")}`;
}

export function whereClause(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

/**
 * Which way to walk (event_time, id) for this page. Newest-first walks down; asking for the
 * page before a cursor walks the other way and the rows are reversed afterwards.
 */
export function pageDirection(f: Pick<EventFilters, "sort" | "before">): "desc" | "asc" {
  const newestFirst = f.sort === "newest";
  return newestFirst !== Boolean(f.before) ? "desc" : "asc";
}

export function keysetCondition(
  cursorValue: string | undefined,
  direction: "desc" | "asc",
  scan: EventScan,
): Prisma.Sql | null {
  const cursor = cursorValue ? decodeCursor(cursorValue) : null;
  if (!cursor) return null;
  const time = cursor.time.toISOString();
  return direction === "desc"
    ? Prisma.sql`(${scan.time}, ${scan.id}) < (${time}::timestamptz, ${cursor.id}::bigint)`
    : Prisma.sql`(${scan.time}, ${scan.id}) > (${time}::timestamptz, ${cursor.id}::bigint)`;
}

export function orderBy(direction: "desc" | "asc", scan: Pick<EventScan, "time" | "id">): Prisma.Sql {
  return direction === "desc"
    ? Prisma.sql`ORDER BY ${scan.time} DESC, ${scan.id} DESC`
    : Prisma.sql`ORDER BY ${scan.time} ASC, ${scan.id} ASC`;
}

/** Ordering of the selected page rows (`p`), after the join with actors. */
export const PAGE_ROWS = { time: Prisma.raw("p.event_time"), id: Prisma.raw("p.id") };
