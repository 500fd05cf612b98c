import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { splitByDays, splitByHours, type Interval } from "./hours";
import { eventKindSqlText } from "./sql-text";

// Row sources the Overview and Security queries aggregate over, for a period and a scope: the
// rollups' whole days and hours plus the events of the period's edges, in one shape, so every
// aggregate is exact for any period while reading at most two hours of events (lib/rollups/hours.ts).
// Counts are int4 (as the rollups store them): sum() of int4 accumulates in a bigint, sum() of a
// bigint in a numeric, several times slower per row and per group.

export interface RollupScope {
  accounts?: string[];
  regions?: string[];
}

function scopeConditions(alias: string, scope: RollupScope): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (scope.accounts?.length) where.push(Prisma.sql`${Prisma.raw(alias)}.account_id = ANY(${scope.accounts}::text[])`);
  if (scope.regions?.length) where.push(Prisma.sql`${Prisma.raw(alias)}.aws_region = ANY(${scope.regions}::text[])`);
  return where;
}

const and = (conditions: Prisma.Sql[]) => Prisma.join(conditions, " AND ");

function edgeCondition(edges: Interval[]): Prisma.Sql {
  return Prisma.join(
    edges.map(
      (e) =>
        Prisma.sql`(e.event_time >= ${e.from.toISOString()}::timestamptz AND e.event_time < ${e.to.toISOString()}::timestamptz)`,
    ),
    " OR ",
  );
}

const KIND = Prisma.raw(eventKindSqlText("e"));

const within = (column: string, i: Interval) => {
  const c = Prisma.raw(column);
  return Prisma.sql`${c} >= ${i.from.toISOString()}::timestamptz AND ${c} < ${i.to.toISOString()}::timestamptz`;
};
const withinAny = (column: string, runs: Interval[]) =>
  Prisma.sql`(${Prisma.join(
    runs.map((h) => Prisma.sql`(${within(column, h)})`),
    " OR ",
  )})`;

interface Tiers {
  /** Rows of the daily table `d` for the whole days, filtered by `where`. */
  days: (where: Prisma.Sql) => Prisma.Sql;
  /** Rows of the hourly table `r` for the other whole hours. */
  hours: (where: Prisma.Sql) => Prisma.Sql;
  /** The same columns counted from events `e` for the edges. */
  edges: (where: Prisma.Sql) => Prisma.Sql;
  empty: Prisma.Sql;
  /** The scope's conditions on a rollup tier's rows (default: their own account_id and aws_region). */
  scopeOf?: (alias: string, scope: RollupScope) => Prisma.Sql[];
}

/** A period's rows from a rollup's daily tier, its hourly tier and events, as UNION ALL (lib/rollups/hours.ts). */
function tiered(period: Interval, scope: RollupScope, grain: "hour" | "day", t: Tiers): Prisma.Sql {
  const byHour = splitByHours(period);
  const { days, hours, edges } =
    grain === "day"
      ? splitByDays(period)
      : { days: null, hours: byHour.hours ? [byHour.hours] : [], edges: byHour.edges };
  const parts: Prisma.Sql[] = [];
  const scopeOf = t.scopeOf ?? scopeConditions;
  if (days) parts.push(t.days(and([within("d.day", days), ...scopeOf("d", scope)])));
  if (hours.length) parts.push(t.hours(and([withinAny("r.hour", hours), ...scopeOf("r", scope)])));
  if (edges.length) parts.push(t.edges(and([Prisma.sql`(${edgeCondition(edges)})`, ...scopeConditions("e", scope)])));
  return parts.length ? Prisma.join(parts, " UNION ALL ") : t.empty;
}

/**
 * (hour, kind, error_code, n): events of the period per UTC hour — or per UTC day, `hour` then
 * being the day's midnight, for the whole days of the period (grain "day"), or per hour
 * throughout (grain "hour", for an hourly chart) — by kind and error code ("" for successes).
 * From event_kind_rollup[_day]: a few hundred rows for a month. A subquery for FROM (…) AS src.
 */
export function kindCounts(period: Interval, scope: RollupScope, grain: "hour" | "day" = "day"): Prisma.Sql {
  return tiered(period, scope, grain, {
    days: (where) => Prisma.sql`SELECT d.day AS hour, d.kind, d.error_code, d.event_count AS n
      FROM event_kind_rollup_day d WHERE ${where}`,
    hours: (where) => Prisma.sql`SELECT r.hour, r.kind, r.error_code, r.event_count AS n
      FROM event_kind_rollup r WHERE ${where}`,
    edges: (where) => Prisma.sql`SELECT date_trunc('hour', e.event_time, 'UTC') AS hour, ${KIND} AS kind,
        COALESCE(e.error_code, '') AS error_code, count(*)::int AS n
      FROM event e WHERE ${where} GROUP BY 1, 2, 3`,
    empty: Prisma.sql`SELECT NULL::timestamptz AS hour, NULL::text AS kind, NULL::text AS error_code, 0 AS n
      WHERE FALSE`,
  });
}

/**
 * (actor_id, error_code, n, writes): each actor's calls in the period by error code ("" for
 * successes), with the successful writes among them. From actor_rollup[_day]; an actor can
 * appear in several rows (one per day or hour, account and region).
 */
export function actorCounts(period: Interval, scope: RollupScope): Prisma.Sql {
  return tiered(period, scope, "day", {
    days: (where) => Prisma.sql`SELECT d.actor_id, d.error_code, d.event_count AS n, d.write_count AS writes
      FROM actor_rollup_day d WHERE ${where}`,
    hours: (where) => Prisma.sql`SELECT r.actor_id, r.error_code, r.event_count AS n, r.write_count AS writes
      FROM actor_rollup r WHERE ${where}`,
    edges: (where) => Prisma.sql`SELECT e.actor_id, COALESCE(e.error_code, '') AS error_code, count(*)::int AS n,
        (count(*) FILTER (WHERE NOT e.read_only AND e.error_code IS NULL))::int AS writes
      FROM event e WHERE ${where} GROUP BY 1, 2`,
    empty: Prisma.sql`SELECT NULL::bigint AS actor_id, NULL::text AS error_code, 0 AS n, 0 AS writes
      WHERE FALSE`,
  });
}

const EMPTY_CHANGES = Prisma.sql`SELECT NULL::bigint AS resource_id, 0 AS n, 0 AS creates, 0 AS deletes WHERE FALSE`;

/** The resource rollups name the calls' account and region by account_region id: the scope's ids, as an array. */
function accountRegionScope(alias: string, scope: RollupScope): Prisma.Sql[] {
  const where = scopeConditions("p", scope);
  return where.length
    ? [
        Prisma.sql`${Prisma.raw(alias)}.account_region_id = ANY(ARRAY(SELECT p.id FROM account_region p
          WHERE ${and(where)}))`,
      ]
    : [];
}

/**
 * (resource_id, n, creates, deletes): successful writes that targeted each resource in the period — the
 * daily rollup for whole days, the hourly one for the other whole hours, events for the edges — of
 * which creates and deletes. A resource can appear in several rows (one per day or hour).
 */
export function resourceChanges(period: Interval, scope: RollupScope): Prisma.Sql {
  return tiered(period, scope, "day", {
    days: (
      where,
    ) => Prisma.sql`SELECT d.resource_id, d.event_count AS n, d.create_count AS creates, d.delete_count AS deletes
      FROM resource_change_rollup_day d WHERE ${where}`,
    hours: (where) => Prisma.sql`SELECT r.resource_id, r.event_count AS n,
        CASE WHEN r.kind = 'create' THEN r.event_count ELSE 0 END AS creates,
        CASE WHEN r.kind = 'delete' THEN r.event_count ELSE 0 END AS deletes
      FROM resource_change_rollup r WHERE ${where}`,
    edges: (where) => Prisma.sql`SELECT er.resource_id, count(*)::int AS n,
        (count(*) FILTER (WHERE ${KIND} = 'create'))::int AS creates,
        (count(*) FILTER (WHERE ${KIND} = 'delete'))::int AS deletes
      FROM event e JOIN event_resource er ON er.event_id = e.id AND er.role = 'target'
      WHERE ${where} AND NOT e.read_only AND e.error_code IS NULL
      GROUP BY 1`,
    empty: EMPTY_CHANGES,
    scopeOf: accountRegionScope,
  });
}

/**
 * Conditions on security_event s (or any alias) for the period and scope. Its rows name the event's account
 * and region by account_region id, like the resource rollups (issue 19); reading them from event instead
 * made the busiest account's counts 15 times slower (docs/benchmarks.md, "Session 20: rollups").
 */
export function flaggedInPeriod(alias: string, period: Interval, scope: RollupScope): Prisma.Sql {
  return and([within(`${alias}.event_time`, period), ...accountRegionScope(alias, scope)]);
}

export { scopeConditions };
