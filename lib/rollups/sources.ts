import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { splitByDays, splitByHours, type Interval } from "./hours";
import { eventKindSqlText } from "./sql-text";

// Row sources the Overview and Security queries aggregate over, for a period and a scope: the
// rollups' whole hours plus the events of the period's edges, in one shape, so every aggregate
// is exact for any period while reading at most two hours of events (lib/rollups/hours.ts).

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
const EMPTY_EVENTS = Prisma.sql`SELECT NULL::timestamptz AS hour, NULL::text AS account_id, NULL::text AS aws_region,
  NULL::bigint AS actor_id, NULL::text AS kind, NULL::text AS error_code, 0::bigint AS n WHERE FALSE`;

/**
 * (hour, account_id, aws_region, actor_id, kind, error_code, n): events of the period per UTC
 * hour — or per UTC day, `hour` then being the day's midnight, for the whole days of the
 * period (grain "day"), or per hour throughout (grain "hour", for an hourly chart). A subquery
 * for FROM (…) AS src.
 */
export function eventCounts(period: Interval, scope: RollupScope, grain: "hour" | "day" = "day"): Prisma.Sql {
  const byHour = splitByHours(period);
  const { days, hours, edges } =
    grain === "day"
      ? splitByDays(period)
      : { days: null, hours: byHour.hours ? [byHour.hours] : [], edges: byHour.edges };
  const parts: Prisma.Sql[] = [];
  const within = (column: string, i: Interval) => {
    const c = Prisma.raw(column);
    return Prisma.sql`${c} >= ${i.from.toISOString()}::timestamptz AND ${c} < ${i.to.toISOString()}::timestamptz`;
  };
  if (days)
    parts.push(Prisma.sql`SELECT d.day AS hour, d.account_id, d.aws_region, d.actor_id, d.kind, d.error_code,
        d.event_count::bigint AS n
      FROM event_rollup_day d WHERE ${and([within("d.day", days), ...scopeConditions("d", scope)])}`);
  if (hours.length)
    parts.push(Prisma.sql`SELECT r.hour, r.account_id, r.aws_region, r.actor_id, r.kind, r.error_code, r.event_count::bigint AS n
      FROM event_rollup r
      WHERE ${and([
        Prisma.sql`(${Prisma.join(
          hours.map((h) => Prisma.sql`(${within("r.hour", h)})`),
          " OR ",
        )})`,
        ...scopeConditions("r", scope),
      ])}`);
  if (edges.length)
    parts.push(Prisma.sql`SELECT date_trunc('hour', e.event_time, 'UTC') AS hour, e.account_id, e.aws_region, e.actor_id,
        ${KIND} AS kind, COALESCE(e.error_code, '') AS error_code, count(*) AS n
      FROM event e WHERE ${and([Prisma.sql`(${edgeCondition(edges)})`, ...scopeConditions("e", scope)])}
      GROUP BY 1, 2, 3, 4, 5, 6`);
  return parts.length ? Prisma.join(parts, " UNION ALL ") : EMPTY_EVENTS;
}

const EMPTY_CHANGES = Prisma.sql`SELECT NULL::bigint AS resource_id, 0::bigint AS n, 0::bigint AS creates,
  0::bigint AS deletes WHERE FALSE`;

/**
 * (resource_id, n, creates, deletes): successful writes that targeted each resource in the period — the
 * daily rollup for whole days, the hourly one for the other whole hours, events for the edges — of
 * which creates and deletes. A resource can appear in several rows (one per day or hour).
 */
export function resourceChanges(period: Interval, scope: RollupScope): Prisma.Sql {
  const { days, hours, edges } = splitByDays(period);
  const parts: Prisma.Sql[] = [];
  const within = (column: string, i: Interval) => {
    const c = Prisma.raw(column);
    return Prisma.sql`${c} >= ${i.from.toISOString()}::timestamptz AND ${c} < ${i.to.toISOString()}::timestamptz`;
  };
  if (days)
    parts.push(Prisma.sql`SELECT d.resource_id, d.event_count::bigint AS n, d.create_count::bigint AS creates,
        d.delete_count::bigint AS deletes
      FROM resource_change_rollup_day d WHERE ${and([within("d.day", days), ...scopeConditions("d", scope)])}`);
  if (hours.length)
    parts.push(Prisma.sql`SELECT r.resource_id, r.event_count::bigint AS n,
        CASE WHEN r.kind = 'create' THEN r.event_count ELSE 0 END::bigint AS creates,
        CASE WHEN r.kind = 'delete' THEN r.event_count ELSE 0 END::bigint AS deletes
      FROM resource_change_rollup r
      WHERE ${and([
        Prisma.sql`(${Prisma.join(
          hours.map((h) => Prisma.sql`(${within("r.hour", h)})`),
          " OR ",
        )})`,
        ...scopeConditions("r", scope),
      ])}`);
  if (edges.length)
    parts.push(Prisma.sql`SELECT er.resource_id, count(*) AS n, count(*) FILTER (WHERE ${KIND} = 'create') AS creates,
        count(*) FILTER (WHERE ${KIND} = 'delete') AS deletes
      FROM event e JOIN event_resource er ON er.event_id = e.id AND er.role = 'target'
      WHERE ${and([
        Prisma.sql`(${edgeCondition(edges)}) AND NOT e.read_only AND e.error_code IS NULL`,
        ...scopeConditions("e", scope),
      ])}
      GROUP BY 1`);
  return parts.length ? Prisma.join(parts, " UNION ALL ") : EMPTY_CHANGES;
}

/** Conditions on security_event s (or any alias) for the period and scope. */
export function flaggedInPeriod(alias: string, period: Interval, scope: RollupScope): Prisma.Sql {
  const a = Prisma.raw(alias);
  return and([
    Prisma.sql`${a}.event_time >= ${period.from.toISOString()}::timestamptz AND ${a}.event_time < ${period.to.toISOString()}::timestamptz`,
    ...scopeConditions(alias, scope),
  ]);
}

export { scopeConditions };
