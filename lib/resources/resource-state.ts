import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { reconstructHistory, type HistoryStep, type ResourceHistory, type TimelineEvent } from "@/lib/history";
import { Memo } from "./memo";
import { HISTORY_ROLES } from "./roles";
import type { CountRow } from "./timeline";
import { actorsById, eventRecords, relatedResources, resourceEventFacts, type RelatedRow, type ResourceRow } from "./timeline-queries";
import type { ActorRef } from "./types";

// Everything about a resource that depends on all of its events — the reconstructed history,
// the per-day counts, its write events, the resources named with it — built once per data
// version and kept in memory: the timeline's further pages, a day picked in the chart or a
// point in time then cost no scan of the resource's events. The version is the resource's
// event count and last-seen time, which every ingest that links a new event changes.

/**
 * Up to this many write events are kept for paging in memory. A resource with more (a default
 * parameter group named by thousands of CreateCacheCluster calls) has writes dense enough for
 * SQL keyset pages to be cheap, and holding them all would only cost memory and transfer.
 */
export const DETAIL_LIMIT = 1_000;

export const UNKNOWN_ACTOR: ActorRef = { key: "", name: "unknown", type: "Unknown" };

/** One row of the timeline, whether from memory or from SQL. */
export interface TimelineRow {
  rowId: bigint;
  role: string;
  eventId: string;
  eventTime: Date;
  eventName: string;
  errorCode: string | null;
  errorMessage: string | null;
  readOnly: boolean;
  actor: ActorRef;
}

export interface ResourceState {
  history: ResourceHistory;
  steps: Map<string, HistoryStep>;
  /** All-time counts; windows are applied in memory. */
  counts: CountRow[];
  /** Every write event, newest first — or null when there are more than DETAIL_LIMIT (then pages come from SQL). */
  writes: TimelineRow[] | null;
  related: RelatedRow[];
  actorOfEvent: Map<string, ActorRef>;
}

/** At most 64 resources, and about this many history steps, write rows and counts in all (a few hundred MB at worst). */
const MAX_HELD_ROWS = 200_000;
const memo = new Memo<ResourceState>(64, MAX_HELD_ROWS, (s) => s.history.steps.length + (s.writes?.length ?? 0) + s.counts.length);

export function resourceState(prisma: PrismaClient, resource: ResourceRow): Promise<ResourceState> {
  return memo.get(`${resource.id}:${resource.event_count}:${resource.last_seen.getTime()}`, () => buildState(prisma, resource));
}

/** For benchmarks of the cold path, and tests. */
export function clearResourceStateCache(): void {
  memo.clear();
}

async function buildState(prisma: PrismaClient, resource: ResourceRow): Promise<ResourceState> {
  const facts = await resourceEventFacts(prisma, resource.id, DETAIL_LIMIT);
  const historyRows = facts.writes.filter((w) => HISTORY_ROLES.includes(w.role));
  const actorIds = new Set<number>([...facts.counts.map((c) => c.actor_id), ...facts.writes.map((w) => w.actor_id)]);
  const successful = historyRows.filter((w) => w.error_code === null).map((w) => BigInt(w.row_id));
  const [records, actors, related] = await Promise.all([
    eventRecords(prisma, historyRows.map((w) => BigInt(w.row_id))),
    actorsById(prisma, [...actorIds].map((id) => BigInt(id))),
    relatedResources(prisma, resource.id, successful),
  ]);
  const actor = (id: number) => actors.get(String(id)) ?? UNKNOWN_ACTOR;
  const recordOf = new Map(records.map((r) => [String(r.row_id), r]));

  const writes: TimelineRow[] = facts.writes.map((w) => ({
    rowId: BigInt(w.row_id),
    role: w.role,
    eventId: w.event_id,
    eventTime: new Date(w.event_time),
    eventName: w.event_name,
    errorCode: w.error_code,
    errorMessage: w.error_message,
    readOnly: false,
    actor: actor(w.actor_id),
  }));
  const events: TimelineEvent[] = writes
    .filter((w) => HISTORY_ROLES.includes(w.role))
    .map((w) => ({
      eventId: w.eventId,
      eventTime: w.eventTime,
      eventName: w.eventName,
      errorCode: w.errorCode,
      readOnly: false,
      requestParameters: recordOf.get(String(w.rowId))?.request ?? null,
      responseElements: recordOf.get(String(w.rowId))?.response ?? null,
      actorName: w.actor.name,
    }));
  const history = reconstructHistory(resource.kind as ResourceKind, resource.resource_id, events);

  const counts: CountRow[] = facts.counts.map((c) => ({
    day: c.day,
    eventName: c.event_name,
    readOnly: c.read_only,
    failed: c.failed,
    own: c.own,
    count: c.count,
    firstAt: new Date(c.first_at),
    lastAt: new Date(c.last_at),
    actor: actor(c.actor_id),
  }));
  const writeTotal = counts.reduce((n, c) => n + (c.readOnly ? 0 : c.count), 0);
  return {
    history,
    steps: new Map(history.steps.map((s) => [s.eventId, s])),
    counts,
    writes: writes.length >= writeTotal ? writes : null,
    related,
    actorOfEvent: new Map(writes.map((w) => [w.eventId, w.actor])),
  };
}
