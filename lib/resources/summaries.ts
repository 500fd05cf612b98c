import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { listFacts, type ListFacts } from "./list-facts";
import { timelineEvent, type HistoryEventColumns } from "./sql-rows";
import { recordJsonPairs, recordOf, type StoredRecordColumns } from "@/lib/events/record-codec-sql";
import { eventIdColumn } from "@/lib/events/event-id";

// Each resource's engine, version and status as the list shows them (list-facts.ts), stored on
// its row so the list can filter by them. Ingest only counts events; summaries follow in the
// background (sweeper.ts), a batch at a time, for every resource whose event count moved since
// it was last summarised. Until then the list works them out from the sampled events itself.

/** Facts are read from this many events per resource at most (several can share the same second). */
const SAMPLE_EVENTS = 12;
export const SUMMARY_BATCH = 500;

/** A sampled event as json_agg gives it: its record still in stored form (bytea as "\\x…" hex). */
export type SampleEvent = Omit<HistoryEventColumns, "event_time" | "request" | "response"> &
  StoredRecordColumns & { event_time: string };

/**
 * `sample`: the events at the resource's first-seen, last-change and last-seen times, found by
 * exact lookups in event_resource's timeline index — never a scan of its events. For a
 * resource row aliased `r`; `onlyIf` skips the lookups (a resource already summarised).
 */
export function sampleLateral(onlyIf: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  return Prisma.sql`LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object(
      'event_id', ${eventIdColumn("e")}, 'event_time', e.event_time, 'event_name', e.event_name, 'error_code', e.error_code,
      'read_only', e.read_only, ${recordJsonPairs("e")}, 'actor_name', NULL)) AS sample
    FROM (
      SELECT er.event_id FROM event_resource er
      WHERE ${onlyIf} AND er.resource_id = r.id
        AND er.event_time IN (r.first_seen, r.last_seen, COALESCE(r.last_change_at, r.first_seen))
      LIMIT ${SAMPLE_EVENTS}
    ) s JOIN event e ON e.id = s.event_id
  ) facts ON true`;
}

export function factsFromSample(kind: string, resourceId: string, sample: SampleEvent[] | null): ListFacts {
  const events = (sample ?? []).map((e) => {
    const record = recordOf(e);
    return timelineEvent({
      event_id: e.event_id,
      event_time: new Date(e.event_time),
      event_name: e.event_name,
      error_code: e.error_code,
      read_only: e.read_only,
      request: record.requestParameters ?? null,
      response: record.responseElements ?? null,
      actor_name: e.actor_name,
    });
  });
  return listFacts(kind as ResourceKind, resourceId, events);
}

/** Summarises up to `limit` resources whose events changed since their last summary; returns how many it looked at. */
export async function summariseResources(prisma: PrismaClient, limit = SUMMARY_BATCH): Promise<number> {
  const rows = await prisma.$queryRaw<
    Array<{ id: bigint; kind: string; resource_id: string; event_count: number; sample: SampleEvent[] | null }>
  >`
    SELECT r.id, r.kind, r.resource_id, r.event_count, facts.sample
    FROM (SELECT * FROM resource WHERE summarised_events <> event_count LIMIT ${limit}) r
    ${sampleLateral()}`;
  if (rows.length === 0) return 0;
  const facts = rows.map((r) => factsFromSample(r.kind, r.resource_id, r.sample));
  // Rows an ingest is updating are skipped (SKIP LOCKED: never wait on, or deadlock with, an
  // ingest), as are rows whose count moved since the sample was read: the next sweep takes them.
  await prisma.$executeRaw`
    WITH u AS (
      SELECT * FROM unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.event_count)}::int[],
        ${facts.map((f) => f.status)}::text[], ${facts.map((f) => f.engine)}::text[], ${facts.map((f) => f.engineVersion)}::text[])
        AS u(id, events, status, engine, engine_version)
    ),
    locked AS (
      SELECT r.id FROM resource r JOIN u ON u.id = r.id AND u.events = r.event_count
      FOR UPDATE OF r SKIP LOCKED
    )
    UPDATE resource r SET status = u.status, engine = u.engine, engine_version = u.engine_version, summarised_events = u.events
    FROM u WHERE r.id = u.id AND r.id IN (SELECT id FROM locked)`;
  return rows.length;
}

/** Resources not summarised yet: a filter on engine or status cannot list them until they are. */
export async function unsummarisedCount(prisma: PrismaClient): Promise<number> {
  const [row] = await prisma.$queryRaw<
    Array<{ n: number }>
  >`SELECT count(*)::int AS n FROM resource WHERE summarised_events <> event_count`;
  return row?.n ?? 0;
}
