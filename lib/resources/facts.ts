// What a resource's page needs from all of its events — its reconstructed history, the events
// per day, its write events, the resources named with it — and how newer events extend it.
// Built once from every event, then stored (stored-facts.ts) and extended with the events that
// arrive later, so a page never reads a busy resource's whole past twice. Pure: no SQL (the
// queries that read them are in timeline-queries.ts and resource-state.ts).
import type { ActorRef } from "@/lib/events/types";
import { extendHistory, type ResourceHistory, type TimelineEvent } from "@/lib/history";
import type { ResourceKey } from "@/lib/urls";
import { HISTORY_ROLES } from "./roles";
import type { DayCount } from "./timeline";

/**
 * Write events that are not needed for the history (a default parameter group is named by
 * thousands of CreateCacheCluster calls) are kept for the timeline's pages only up to this
 * many; past it those pages come from SQL, where such writes are dense enough for keyset
 * pages to be cheap.
 */
export const DETAIL_LIMIT = 1_000;

/** Related resources kept: the most recently seen of each kind first. */
export const RELATED_LIMIT = 300;

export const UNKNOWN_ACTOR: ActorRef = { key: "", name: "unknown", type: "Unknown" };

/** A resource named together with this one in its successful writes (a member, its group, a snapshot…). */
export interface RelatedResourceFact extends ResourceKey {
  /** The parts it played in those events. */
  roles: string[];
  /** How many of those events name both. */
  shared: number;
  lastSeen: Date;
}

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

export interface ResourceFacts {
  history: ResourceHistory;
  /** All-time counts per day, actor, operation and outcome; windows are applied in memory. */
  counts: DayCount[];
  /** Write events newest first: every one the history needs, and the others too while `allWrites`. */
  writes: TimelineRow[];
  allWrites: boolean;
  related: RelatedResourceFact[];
  /** How many of the resource's events (event_resource rows) these facts cover… */
  eventCount: number;
  /** …and the latest time among them: newer events can extend the facts without the rest. */
  throughTime: Date | null;
}

export const isHistoryRow = (row: Pick<TimelineRow, "role">) => HISTORY_ROLES.includes(row.role);

/** What the same queries read of the events after `facts.throughTime`. */
export interface NewerEvents {
  /** The events the history needs (with their requests and responses, or without when read page by page). */
  events: TimelineEvent[];
  counts: DayCount[];
  writes: TimelineRow[];
  related: RelatedResourceFact[];
  eventCount: number;
  throughTime: Date | null;
}

/**
 * `facts` with newer events added — the same facts as built from every event — or null when the
 * history cannot be extended (see extendHistory).
 */
export function extendFacts(
  facts: ResourceFacts,
  newer: NewerEvents,
  /** The history already extended with newer.events (resource-state.ts folds their records page by page). */
  extended?: ResourceHistory,
): ResourceFacts | null {
  const history = extended ?? extendHistory(facts.history, newer.events);
  if (!history) return null;
  const writes = [...newer.writes, ...facts.writes];
  // As when built from every event: all writes while they are few, else only the history's.
  const allWrites = facts.allWrites && (writes.length <= DETAIL_LIMIT || writes.every(isHistoryRow));
  return {
    history,
    counts: mergeCounts(facts.counts, newer.counts),
    writes: allWrites ? writes : writes.filter(isHistoryRow),
    allWrites,
    related: mergeRelated(facts.related, newer.related),
    eventCount: facts.eventCount + newer.eventCount,
    throughTime: newer.throughTime ?? facts.throughTime,
  };
}

function mergeCounts(older: readonly DayCount[], newer: readonly DayCount[]): DayCount[] {
  const key = (c: DayCount) => JSON.stringify([c.day, c.actor.key, c.eventName, c.readOnly, c.failed, c.own]);
  const merged = new Map(older.map((c) => [key(c), c]));
  for (const c of newer) {
    const k = key(c);
    const old = merged.get(k);
    merged.set(
      k,
      old ? { ...old, count: old.count + c.count, lastAt: c.lastAt > old.lastAt ? c.lastAt : old.lastAt } : c,
    );
  }
  return [...merged.values()];
}

function mergeRelated(
  older: readonly RelatedResourceFact[],
  newer: readonly RelatedResourceFact[],
): RelatedResourceFact[] {
  const key = (r: RelatedResourceFact) => JSON.stringify([r.kind, r.accountId, r.region, r.resourceId]);
  const merged = new Map(older.map((r) => [key(r), r]));
  for (const r of newer) {
    const k = key(r);
    const old = merged.get(k);
    merged.set(
      k,
      old ? { ...r, roles: [...new Set([...old.roles, ...r.roles])].sort(), shared: old.shared + r.shared } : r,
    );
  }
  return [...merged.values()]
    .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : b.lastSeen.getTime() - a.lastSeen.getTime()))
    .slice(0, RELATED_LIMIT);
}
