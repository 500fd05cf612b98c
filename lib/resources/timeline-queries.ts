import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { ResourceKey } from "@/lib/urls";
import type { TimeWindow } from "./timeline-params";
import { HISTORY_ROLES, OWN_ROLES } from "./roles";
import { actorRef, type ActorColumns, type HistoryEventColumns } from "./rows";

// The SQL behind one resource's page. Every query starts from event_resource's
// (resource_id, event_time DESC, event_id DESC) index, so its cost follows the resource's own
// events, never the size of the event table. Only write events are read in full (record
// jsonb) — read-only calls, the bulk of a polled cluster's events, are only counted.

/** A safety net against a pathological resource, far above any real history. */
export const MAX_HISTORY_EVENTS = 50_000;

export interface ResourceRow extends ActorColumns {
  id: bigint;
  kind: string;
  resource_id: string;
  account_id: string;
  region: string;
  first_seen: Date;
  last_seen: Date;
  event_count: number;
  change_count: number;
  last_change_at: Date | null;
}

export async function findResource(prisma: PrismaClient, key: ResourceKey): Promise<ResourceRow | null> {
  // Cluster, group and serverless names are stored lower-cased (ElastiCache does the same).
  const ids = [...new Set([key.resourceId, key.resourceId.toLowerCase()])];
  const rows = await prisma.$queryRaw<ResourceRow[]>`
    SELECT r.id, r.kind, r.resource_id, r.account_id, r.region, r.first_seen, r.last_seen, r.event_count,
      r.change_count, r.last_change_at, a.key AS actor_key, a.name AS actor_name, a.type AS actor_type
    FROM resource r LEFT JOIN actor a ON a.id = r.last_change_actor_id
    WHERE r.account_id = ${key.accountId} AND r.region = ${key.region} AND r.kind = ${key.kind}
      AND r.resource_id = ANY(${ids}::text[])
    ORDER BY r.resource_id = ${key.resourceId} DESC
    LIMIT 1`;
  return rows[0] ?? null;
}

export interface HistoryEventRow extends HistoryEventColumns, ActorColumns {
  row_id: bigint;
  role: string;
}

/** Write events (failed ones too) that can change the resource, oldest first, with their requests and responses. */
export async function historyEvents(prisma: PrismaClient, resourceRowId: bigint): Promise<HistoryEventRow[]> {
  return prisma.$queryRaw<HistoryEventRow[]>`
    SELECT er.event_id AS row_id, er.role, e.event_id, e.event_time, e.event_name, e.error_code, e.read_only,
      e.record->'requestParameters' AS request, e.record->'responseElements' AS response,
      a.key AS actor_key, a.name AS actor_name, a.type AS actor_type
    FROM event_resource er
    JOIN event e ON e.id = er.event_id
    JOIN actor a ON a.id = e.actor_id
    WHERE er.resource_id = ${resourceRowId} AND er.role = ANY(${HISTORY_ROLES}::text[]) AND NOT e.read_only
    ORDER BY er.event_time, er.event_id
    LIMIT ${MAX_HISTORY_EVENTS}`;
}

export interface ActivityCountRow extends ActorColumns {
  day: string;
  event_name: string;
  read_only: boolean;
  failed: boolean;
  own: boolean;
  count: number;
}

function windowSql(window: TimeWindow): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (window.start) parts.push(Prisma.sql`AND er.event_time >= ${window.start}::timestamptz`);
  if (window.end) parts.push(Prisma.sql`AND er.event_time < ${window.end}::timestamptz`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

/**
 * Events per UTC day, actor, operation and outcome in the window: the activity chart and the
 * collapsed read lanes both come from this one aggregate, so a cluster polled every minute
 * costs a count, not ten thousand rows sent to the page.
 */
export async function activityCounts(prisma: PrismaClient, resourceRowId: bigint, window: TimeWindow): Promise<ActivityCountRow[]> {
  return prisma.$queryRaw<ActivityCountRow[]>`
    WITH counts AS (
      SELECT to_char(er.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, e.actor_id, e.event_name, e.read_only,
        e.error_code IS NOT NULL AS failed, er.role = ANY(${OWN_ROLES}::text[]) AS own, count(*)::int AS count
      FROM event_resource er JOIN event e ON e.id = er.event_id
      WHERE er.resource_id = ${resourceRowId} ${windowSql(window)}
      GROUP BY 1, 2, 3, 4, 5, 6
    )
    SELECT c.day, c.event_name, c.read_only, c.failed, c.own, c.count,
      a.key AS actor_key, a.name AS actor_name, a.type AS actor_type
    FROM counts c JOIN actor a ON a.id = c.actor_id
    ORDER BY c.day, c.count DESC`;
}

export interface TimelineEventRow extends ActorColumns {
  row_id: bigint;
  role: string;
  event_id: string;
  event_time: Date;
  event_name: string;
  error_code: string | null;
  error_message: string | null;
  read_only: boolean;
}

export interface TimelineCursor {
  time: Date;
  rowId: bigint;
}

export function encodeCursor(row: Pick<TimelineEventRow, "event_time" | "row_id">): string {
  return `${row.event_time.getTime()}.${row.row_id}`;
}

export function decodeCursor(cursor: string | undefined): TimelineCursor | null {
  const m = cursor?.match(/^(\d{1,15})\.(\d{1,19})$/);
  return m ? { time: new Date(Number(m[1])), rowId: BigInt(m[2]!) } : null;
}

/** One page of the timeline, by keyset on (event_time, event_id): page 200 costs what page 1 does. */
export async function timelineEvents(
  prisma: PrismaClient,
  resourceRowId: bigint,
  options: { window: TimeWindow; order: "newest" | "oldest"; includeReads: boolean; cursor: TimelineCursor | null; limit: number },
): Promise<TimelineEventRow[]> {
  const { cursor, order } = options;
  const after = !cursor
    ? Prisma.empty
    : order === "newest"
      ? Prisma.sql`AND (er.event_time, er.event_id) < (${cursor.time}::timestamptz, ${cursor.rowId}::bigint)`
      : Prisma.sql`AND (er.event_time, er.event_id) > (${cursor.time}::timestamptz, ${cursor.rowId}::bigint)`;
  const dir = order === "newest" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  return prisma.$queryRaw<TimelineEventRow[]>`
    SELECT er.event_id AS row_id, er.role, e.event_id, e.event_time, e.event_name, e.error_code, e.error_message,
      e.read_only, a.key AS actor_key, a.name AS actor_name, a.type AS actor_type
    FROM event_resource er
    JOIN event e ON e.id = er.event_id
    JOIN actor a ON a.id = e.actor_id
    WHERE er.resource_id = ${resourceRowId} ${windowSql(options.window)} ${after}
      ${options.includeReads ? Prisma.empty : Prisma.sql`AND NOT e.read_only`}
    ORDER BY er.event_time ${dir}, er.event_id ${dir}
    LIMIT ${options.limit}`;
}

export interface RelatedRow {
  kind: string;
  resource_id: string;
  account_id: string;
  region: string;
  roles: string[];
  shared: number;
  last_seen: Date;
}

/** Resources named together with this one in its successful writes (members, groups, snapshots…). */
export async function relatedResources(prisma: PrismaClient, resourceRowId: bigint, eventRowIds: bigint[]): Promise<RelatedRow[]> {
  if (eventRowIds.length === 0) return [];
  return prisma.$queryRaw<RelatedRow[]>`
    SELECT r.kind, r.resource_id, r.account_id, r.region, array_agg(DISTINCT er.role) AS roles,
      count(DISTINCT er.event_id)::int AS shared, r.last_seen
    FROM event_resource er JOIN resource r ON r.id = er.resource_id
    WHERE er.event_id = ANY(${eventRowIds}::bigint[]) AND er.resource_id <> ${resourceRowId}
    GROUP BY r.id
    ORDER BY r.kind, r.last_seen DESC
    LIMIT 300`;
}

export { actorRef };
