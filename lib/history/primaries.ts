// The primary of each shard over time, from a replication group's history: create responses
// and later responses that report members' roles, TestFailover (the only replica promoted, or the
// primary unknown until reported), ModifyReplicationGroup primaryClusterId. "Which node was
// primary at 03:12?" is read off these spans.
import type { ResourceHistory } from "./types";

export interface PrimarySpan {
  /** The shard's nodeGroupId; "" for a single-shard group (cluster mode disabled). */
  shard: string;
  /** null: not known from this time on (a failover whose new primary no response has reported yet). */
  clusterId: string | null;
  from: Date;
  /** The event that made it known, its name and who called it. */
  eventId: string;
  eventName: string;
  actorName: string | null;
  note?: string;
  lifecycleIndex: number;
}

function shardOf(field: string): string | undefined {
  if (field === "primaryClusterId") return "";
  return field.startsWith("primaries.") ? field.slice("primaries.".length) : undefined;
}

/** Every applied change of a primary, oldest first. */
export function primaryTimeline(history: Pick<ResourceHistory, "steps">): PrimarySpan[] {
  const spans: PrimarySpan[] = [];
  for (const step of history.steps) {
    for (const change of step.changes) {
      const shard = shardOf(change.field);
      if (shard === undefined || change.status !== "applied") continue;
      const span: PrimarySpan = {
        shard,
        clusterId: typeof change.to === "string" ? change.to : null,
        from: step.eventTime,
        eventId: step.eventId,
        eventName: step.eventName,
        actorName: step.actorName,
        lifecycleIndex: step.lifecycleIndex,
      };
      if (change.note !== undefined) span.note = change.note;
      spans.push(span);
    }
  }
  return spans;
}

/** The primary of each shard at `time` (after the last event at or before it). */
export function primariesAt(spans: readonly PrimarySpan[], time: Date): Map<string, PrimarySpan> {
  const out = new Map<string, PrimarySpan>();
  for (const span of spans) if (span.from.getTime() <= time.getTime()) out.set(span.shard, span);
  return out;
}
