import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { decodeCursor } from "./cursor";
import type { FacetField } from "./facets";
import { resolveTimeRange, type EventFilters } from "./filters";

// Filters → SQL conditions on `event e`. Every value is a bound parameter. Each condition
// is written so PostgreSQL can use the (column, event_time DESC, id DESC) indexes or the
// trigram index on search_text, and so the keyset condition stays an index range.

/** Free text is matched literally: % and _ typed by the user are not wildcards. */
export function likePattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function filterConditions(f: EventFilters, now: Date, omit?: FacetField): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  const { from, to } = resolveTimeRange(f, now);
  if (from) where.push(Prisma.sql`e.event_time >= ${from.toISOString()}::timestamptz`);
  if (to) where.push(Prisma.sql`e.event_time < ${to.toISOString()}::timestamptz`);
  if (f.name?.length && omit !== "name") where.push(Prisma.sql`e.event_name = ANY(${f.name}::text[])`);
  if (f.account?.length && omit !== "account") where.push(Prisma.sql`e.account_id = ANY(${f.account}::text[])`);
  if (f.region?.length && omit !== "region") where.push(Prisma.sql`e.aws_region = ANY(${f.region}::text[])`);
  if (f.access) where.push(Prisma.sql`e.read_only = ${f.access === "read"}`);
  if (omit !== "error") {
    if (f.error) where.push(Prisma.sql`e.error_code = ${f.error}`);
    else if (f.outcome === "failure") where.push(Prisma.sql`e.error_code IS NOT NULL`);
    else if (f.outcome === "success") where.push(Prisma.sql`e.error_code IS NULL`);
  }
  if (f.ip) where.push(Prisma.sql`e.source_ip = ${f.ip}`);
  if (f.agent && omit !== "agent") where.push(Prisma.sql`e.user_agent_family = ${f.agent}`);
  if (f.run) where.push(Prisma.sql`e.ingest_run_id = ${f.run}::bigint`);
  // Links carry the actor key; people type a name or an ARN. All three find the actor row.
  if (f.actor) {
    where.push(Prisma.sql`e.actor_id IN (SELECT a.id FROM actor a WHERE a.key = ${f.actor} OR a.name = ${f.actor} OR a.arn = ${f.actor})`);
  }
  if (f.resource) {
    where.push(Prisma.sql`e.id IN (
      SELECT er.event_id FROM event_resource er JOIN resource r ON r.id = er.resource_id
      WHERE r.resource_id = ${f.resource})`);
  }
  if (f.q) where.push(Prisma.sql`e.search_text ILIKE ${likePattern(f.q)}`);
  return where;
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

export function keysetCondition(cursorValue: string | undefined, direction: "desc" | "asc"): Prisma.Sql | null {
  const cursor = cursorValue ? decodeCursor(cursorValue) : null;
  if (!cursor) return null;
  const time = new Date(cursor.timeMs).toISOString();
  return direction === "desc"
    ? Prisma.sql`(e.event_time, e.id) < (${time}::timestamptz, ${cursor.id}::bigint)`
    : Prisma.sql`(e.event_time, e.id) > (${time}::timestamptz, ${cursor.id}::bigint)`;
}

export function orderBy(direction: "desc" | "asc", alias: "e" | "p" = "e"): Prisma.Sql {
  const a = Prisma.raw(alias);
  return direction === "desc"
    ? Prisma.sql`ORDER BY ${a}.event_time DESC, ${a}.id DESC`
    : Prisma.sql`ORDER BY ${a}.event_time ASC, ${a}.id ASC`;
}
