import "server-only";
import type { EventPosition } from "@/lib/events/cursor";
import type { ActorRef } from "@/lib/events/types";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { ResourceKind } from "@/lib/cloudtrail/types";
import type { EffectRef } from "@/lib/history";
import type { ResourceKey } from "@/lib/urls";
import { INFERRED_ROLE } from "./roles";
import { RELATED_LIMIT, type RelatedResourceFact } from "./facts";
import { HISTORY_ROLES, OWN_ROLES } from "./roles";
import type { ActorColumns } from "./sql-rows";
import { recordColumns, recordLengthSql, recordOf, type StoredRecordColumns } from "@/lib/events/record-codec-sql";
import type { TimeWindow } from "./timeline-params";
import { eventIdColumn } from "@/lib/events/event-id";

// The SQL behind one resource's page. Every query starts from event_resource's
// (resource_id, event_time DESC, event_id DESC) index, so its cost follows the resource's own
// events, never the size of the event table. Only write events are read in full (their record,
// decoded in Node) — read-only calls, the bulk of a polled cluster's events, are only counted.

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

/** Events per UTC day, actor, operation and outcome, as resourceEventFacts returns them (JSON). */
export interface DayCountRow {
  day: string;
  actor_id: number;
  event_name: string;
  read_only: boolean;
  failed: boolean;
  own: boolean;
  count: number;
  first_at: string;
  last_at: string;
}

export interface WriteRow {
  row_id: number;
  role: string;
  event_time: string;
  event_id: string;
  event_name: string;
  error_code: string | null;
  error_message: string | null;
  actor_id: number;
}

export interface EventFactsResult {
  /** Events per UTC day, actor, operation and outcome: the chart and the read lanes. */
  counts: DayCountRow[];
  /**
   * Its write events (failed ones too), newest first: those that can change it (HISTORY_ROLES),
   * and the others too if there are at most `detailLimit` in all.
   */
  writes: WriteRow[];
}

function windowSql(window: TimeWindow): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (window.start) parts.push(Prisma.sql`AND er.event_time >= ${window.start}::timestamptz`);
  if (window.end) parts.push(Prisma.sql`AND er.event_time < ${window.end}::timestamptz`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

const afterSql = (after: Date | undefined) =>
  after ? Prisma.sql`AND er.event_time > ${after}::timestamptz` : Prisma.empty;

/**
 * One pass over the resource's events (or those after `after`) for everything the page needs of
 * all of them: read-only calls are only counted (a cluster polled every five minutes costs a
 * GROUP BY, not ten thousand rows sent to the server), write events come back as small rows
 * without their record. Both from the same materialised scan, so the index range and the joins
 * run once.
 */
export async function resourceEventFacts(
  prisma: PrismaClient,
  resourceRowId: bigint,
  { detailLimit, after }: { detailLimit: number; after?: Date },
): Promise<EventFactsResult> {
  const rows = await prisma.$queryRaw<Array<{ counts: DayCountRow[] | null; writes: WriteRow[] | null }>>`
    WITH facts AS MATERIALIZED (
      SELECT er.event_id AS row_id, er.role, er.event_time, ${eventIdColumn("e")} AS event_id, e.event_name, e.error_code, e.error_message,
        e.read_only, e.actor_id
      FROM event_resource er JOIN event e ON e.id = er.event_id
      WHERE er.resource_id = ${resourceRowId} ${afterSql(after)}
    ),
    counts AS (
      SELECT to_char(event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, actor_id, event_name, read_only,
        error_code IS NOT NULL AS failed, role = ANY(${OWN_ROLES}::text[]) AS own, count(*)::int AS count,
        min(event_time) AS first_at, max(event_time) AS last_at
      FROM facts GROUP BY 1, 2, 3, 4, 5, 6
    ),
    writes AS (
      SELECT row_id, role, event_time, event_id, event_name, error_code, error_message, actor_id
      FROM facts WHERE NOT read_only
    )
    SELECT
      (SELECT json_agg(c) FROM counts c) AS counts,
      (SELECT json_agg(w ORDER BY w.event_time DESC, w.row_id DESC) FROM writes w
        WHERE w.role = ANY(${HISTORY_ROLES}::text[]) OR (SELECT count(*) FROM writes) <= ${detailLimit}) AS writes`;
  return { counts: rows[0]?.counts ?? [], writes: rows[0]?.writes ?? [] };
}

export interface RecordRow {
  row_id: bigint;
  request: unknown;
  response: unknown;
}

/** Records read per page: at most this many bytes of record text (a page always holds one). */
export const RECORD_PAGE_BYTES = 8 * 1024 * 1024;
/** Rows sized per page before the byte budget cuts it. */
const RECORD_PAGE_ROWS = 500;

interface SizedRecordRow extends StoredRecordColumns {
  row_id: bigint;
  event_time: Date;
}

const requestAndResponse = (row: SizedRecordRow): RecordRow => {
  const record = recordOf(row);
  return {
    row_id: row.row_id,
    request: record.requestParameters ?? null,
    response: record.responseElements ?? null,
  };
};

/**
 * Requests and responses of the write events the history is rebuilt from (those after `after`),
 * newest first, in pages of at most RECORD_PAGE_BYTES of record text: a resource with thousands of
 * 1 MB records never has them all in one result (each record's length is read from its header,
 * then only the records that fit are fetched and decoded). Found by the resource, not by the ids
 * resourceEventFacts returns, so both can run at once.
 */
export async function* historyRecordPages(
  prisma: PrismaClient,
  resourceRowId: bigint,
  after?: Date,
  pageBytes = RECORD_PAGE_BYTES,
): AsyncGenerator<RecordRow[]> {
  let cursor: { time: Date; id: bigint } | null = null;
  for (;;) {
    const keyset: Prisma.Sql = cursor
      ? Prisma.sql`AND (er.event_time, er.event_id) < (${cursor.time}::timestamptz, ${cursor.id}::bigint)`
      : Prisma.empty;
    const rows: SizedRecordRow[] = await prisma.$queryRaw<SizedRecordRow[]>`
      WITH keys AS (
        SELECT er.event_id AS id, er.event_time, ${recordLengthSql("e")} AS bytes
        FROM event_resource er JOIN event e ON e.id = er.event_id
        WHERE er.resource_id = ${resourceRowId} AND er.role = ANY(${HISTORY_ROLES}::text[]) AND NOT e.read_only
          ${afterSql(after)} ${keyset}
        ORDER BY er.event_time DESC, er.event_id DESC LIMIT ${RECORD_PAGE_ROWS}
      ), sized AS (
        SELECT k.id, k.event_time,
          sum(k.bytes) OVER (ORDER BY k.event_time DESC, k.id DESC ROWS UNBOUNDED PRECEDING) - k.bytes AS before
        FROM keys k
      )
      SELECT s.id AS row_id, s.event_time, ${recordColumns("e")}
      FROM sized s JOIN event e ON e.id = s.id
      WHERE s.before < ${pageBytes}
      ORDER BY s.event_time DESC, s.id DESC`;
    if (rows.length === 0) return;
    yield rows.map(requestAndResponse);
    const last = rows[rows.length - 1]!;
    cursor = { time: last.event_time, id: last.row_id };
  }
}

/** Bytes of record text of each given event (read from the record's header, not the record): to cut pages by size. */
export async function recordSizes(prisma: PrismaClient, rowIds: bigint[]): Promise<Map<string, number>> {
  if (rowIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<Array<{ id: bigint; bytes: bigint | number | null }>>`
    SELECT e.id, ${recordLengthSql("e")} AS bytes FROM event e WHERE e.id = ANY(${rowIds}::bigint[])`;
  return new Map(rows.map((r) => [String(r.id), Number(r.bytes ?? 0)]));
}

/**
 * Every page of historyRecordPages, gathered: all of a resource's records at once. Pages and the sweeper do not
 * use it (they fold records into the history a byte-bounded page at a time, resource-state.ts); tests compare it.
 */
export async function historyRecords(prisma: PrismaClient, resourceRowId: bigint, after?: Date): Promise<RecordRow[]> {
  const all: RecordRow[] = [];
  for await (const page of historyRecordPages(prisma, resourceRowId, after)) all.push(...page);
  return all;
}

/** Requests and responses of the given events. */
export async function eventRecords(prisma: PrismaClient, rowIds: bigint[]): Promise<RecordRow[]> {
  if (rowIds.length === 0) return [];
  const rows = await prisma.$queryRaw<SizedRecordRow[]>`
    SELECT e.id AS row_id, e.event_time, ${recordColumns("e")}
    FROM event e WHERE e.id = ANY(${rowIds}::bigint[])`;
  return rows.map(requestAndResponse);
}

export async function actorsById(prisma: PrismaClient, ids: bigint[]): Promise<Map<string, ActorRef>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.$queryRaw<Array<{ id: bigint; key: string; name: string; type: string }>>`
    SELECT id, key, name, type FROM actor WHERE id = ANY(${ids}::bigint[])`;
  return new Map(rows.map((r) => [String(r.id), { key: r.key, name: r.name, type: r.type }]));
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

/** One page of the timeline, by keyset on (event_time, event_id): page 200 costs what page 1 does. */
export async function timelineEvents(
  prisma: PrismaClient,
  resourceRowId: bigint,
  options: {
    window: TimeWindow;
    order: "newest" | "oldest";
    includeReads: boolean;
    /** The last event of the page before: (event_time, event row id). */
    cursor: EventPosition | null;
    limit: number;
  },
): Promise<TimelineEventRow[]> {
  const { cursor, order } = options;
  const after = !cursor
    ? Prisma.empty
    : order === "newest"
      ? Prisma.sql`AND (er.event_time, er.event_id) < (${cursor.time}::timestamptz, ${cursor.id}::bigint)`
      : Prisma.sql`AND (er.event_time, er.event_id) > (${cursor.time}::timestamptz, ${cursor.id}::bigint)`;
  const dir = order === "newest" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  return prisma.$queryRaw<TimelineEventRow[]>`
    SELECT er.event_id AS row_id, er.role, ${eventIdColumn("e")} AS event_id, e.event_time, e.event_name, e.error_code, e.error_message,
      e.read_only, a.key AS actor_key, a.name AS actor_name, a.type AS actor_type
    FROM event_resource er
    JOIN event e ON e.id = er.event_id
    JOIN actor a ON a.id = e.actor_id
    WHERE er.resource_id = ${resourceRowId} ${windowSql(options.window)} ${after}
      ${options.includeReads ? Prisma.empty : Prisma.sql`AND NOT e.read_only`}
    ORDER BY er.event_time ${dir}, er.event_id ${dir}
    LIMIT ${options.limit}`;
}

/** Resources other than this one that the given events reached without naming them (event-links.ts), per event row. */
export async function inferredLinks(
  prisma: PrismaClient,
  resourceRowId: bigint,
  eventRowIds: bigint[],
): Promise<Map<string, EffectRef[]>> {
  const out = new Map<string, EffectRef[]>();
  if (eventRowIds.length === 0) return out;
  const rows = await prisma.$queryRaw<Array<{ row_id: bigint; kind: ResourceKind; resource_id: string }>>`
    SELECT er.event_id AS row_id, r.kind, r.resource_id
    FROM event_resource er JOIN resource r ON r.id = er.resource_id
    WHERE er.event_id = ANY(${eventRowIds}::bigint[]) AND er.role = ${INFERRED_ROLE} AND er.resource_id <> ${resourceRowId}
    ORDER BY er.event_id, r.resource_id`;
  for (const r of rows) {
    const key = String(r.row_id);
    out.set(key, [...(out.get(key) ?? []), { kind: r.kind, resourceId: r.resource_id }]);
  }
  return out;
}

interface RelatedResourceRow {
  kind: string;
  resource_id: string;
  account_id: string;
  region: string;
  roles: string[];
  shared: number;
  last_seen: Date;
}

/** Resources named together with this one in its successful writes (members, groups, snapshots…). */
export async function relatedResources(
  prisma: PrismaClient,
  resourceRowId: bigint,
  eventRowIds: bigint[],
): Promise<RelatedResourceFact[]> {
  if (eventRowIds.length === 0) return [];
  const rows = await prisma.$queryRaw<RelatedResourceRow[]>`
    SELECT r.kind, r.resource_id, r.account_id, r.region, array_agg(DISTINCT er.role) AS roles,
      count(DISTINCT er.event_id)::int AS shared, r.last_seen
    FROM event_resource er JOIN resource r ON r.id = er.resource_id
    WHERE er.event_id = ANY(${eventRowIds}::bigint[]) AND er.resource_id <> ${resourceRowId}
    GROUP BY r.id
    ORDER BY r.kind, r.last_seen DESC
    LIMIT ${RELATED_LIMIT}`;
  return rows.map((r) => ({
    kind: r.kind,
    resourceId: r.resource_id,
    accountId: r.account_id,
    region: r.region,
    roles: r.roles,
    shared: r.shared,
    lastSeen: r.last_seen,
  }));
}
