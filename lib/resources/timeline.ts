// Rows and the reconstructed history → what the resource page shows: timeline items with
// field-level changes, the activity chart's days, the collapsed read lanes, lifecycles and
// the configuration at a point in time. Pure: no SQL, no React.
import type { ActorRef } from "@/lib/events/types";
import {
  categorize,
  configurationAt,
  describeChange,
  diffConfigurations,
  EMPTY_CONFIGURATION,
  primariesAt,
  primaryTimeline,
  type EffectRef,
  type HistoryStep,
  type StepEffect,
  type Lifecycle,
  type ResourceHistory,
} from "@/lib/history";
import { configurationFields, configurationHeadline } from "./configuration-view";
import { isOwnRole } from "./roles";
import type { ResourceKey } from "@/lib/urls";
import type {
  ActivityCategory,
  ActivityDay,
  ConfigurationView,
  EffectView,
  LifecycleView,
  PrimaryView,
  ReadLane,
  TimelineItem,
} from "./types";

export interface EventFacts {
  eventId: string;
  eventTime: Date;
  eventName: string;
  errorCode: string | null;
  errorMessage?: string | null;
  readOnly: boolean;
  role: string;
  actor: ActorRef;
}

/** How an event shows on this resource's timeline and chart. */
export function activityCategory(
  e: Pick<EventFacts, "eventName" | "readOnly" | "errorCode" | "role">,
  step?: HistoryStep,
): ActivityCategory {
  if (e.readOnly) return "read";
  if (e.errorCode) return "failed";
  if (step) {
    // A replication group's ModifyReplicationGroup lists its members; for a member it is context, not a change.
    const incidental =
      !isOwnRole(e.role) && step.changes.length === 0 && (step.category === "modify" || step.category === "other");
    return incidental ? "related" : step.category;
  }
  return isOwnRole(e.role) ? categorize(e.eventName, false) : "related";
}

/** The lifecycle an event falls in: the last one begun at or before it. */
export function lifecycleAt(lifecycles: readonly Lifecycle[], time: Date): number | null {
  let found: number | null = null;
  for (const lc of lifecycles) if (lc.firstEventAt.getTime() <= time.getTime()) found = lc.index;
  return found ?? lifecycles[0]?.index ?? null;
}

/** Shown per effect on the causing side; the rest are counted. */
export const EFFECT_RESOURCES_SHOWN = 12;

const EFFECT_LABELS: Partial<Record<string, string>> = {
  "cache-cluster": "member clusters",
  user: "users",
  "user-group": "user groups",
  "replication-group": "replication groups",
  "global-replication-group": "global datastores",
  snapshot: "snapshots",
  "serverless-cache-snapshot": "serverless snapshots",
};

/** A resource named by an event of `home`'s: same account and region (global datastores have none). */
function keyNear(home: ResourceKey, ref: EffectRef): ResourceKey {
  return {
    accountId: home.accountId,
    region: ref.kind === "global-replication-group" ? "" : home.region,
    kind: ref.kind,
    resourceId: ref.resourceId,
  };
}

function effectViews(home: ResourceKey, effects: readonly StepEffect[] | undefined): EffectView[] {
  return (effects ?? []).map((e) => ({
    label: EFFECT_LABELS[e.kind] ?? e.kind,
    resources: e.resourceIds
      .slice(0, EFFECT_RESOURCES_SHOWN)
      .map((resourceId) => keyNear(home, { kind: e.kind, resourceId })),
    more: Math.max(0, e.resourceIds.length - EFFECT_RESOURCES_SHOWN),
    fields: e.fields,
    ...(e.derived ? { derived: true } : {}),
    ...(e.unnamed !== undefined ? { unnamed: e.unnamed } : {}),
  }));
}

export function timelineItem(
  e: EventFacts,
  step: HistoryStep | undefined,
  lifecycles: readonly Lifecycle[],
  home: ResourceKey,
): TimelineItem {
  return {
    eventId: e.eventId,
    eventTime: e.eventTime.toISOString(),
    eventName: e.eventName,
    actor: e.actor,
    category: activityCategory(e, step),
    readOnly: e.readOnly,
    errorCode: e.errorCode,
    errorMessage: e.errorMessage ?? null,
    role: e.role,
    changes: (step?.changes ?? []).map((c) => ({ field: c.field, status: c.status, text: describeChange(c) })),
    lifecycleIndex: step?.lifecycleIndex ?? lifecycleAt(lifecycles, e.eventTime),
    cause: step?.cause ? keyNear(home, step.cause) : null,
    effects: effectViews(home, step?.effects),
  };
}

/** Events of one UTC day, actor, operation and outcome: what the chart and the read lanes are built from. */
export interface DayCount {
  day: string;
  eventName: string;
  readOnly: boolean;
  failed: boolean;
  own: boolean;
  count: number;
  firstAt: Date;
  lastAt: Date;
  actor: ActorRef;
}

const DAY_MS = 86_400_000;
/** Past this many days the chart shows only days with events rather than every empty day. */
const MAX_FILLED_DAYS = 1_100;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** Events per day by category, every day of [first, last] present (dub fills its time series the same way, in code). */
export function activityDays(rows: readonly DayCount[], first: Date, last: Date): ActivityDay[] {
  const days = new Map<string, ActivityDay>();
  const startMs = Date.parse(`${dayOf(first)}T00:00:00Z`);
  const span = Math.floor((last.getTime() - startMs) / DAY_MS) + 1;
  if (span > 0 && span <= MAX_FILLED_DAYS) {
    for (let i = 0; i < span; i++) {
      const day = dayOf(new Date(startMs + i * DAY_MS));
      days.set(day, { day, total: 0, counts: {} });
    }
  }
  for (const row of rows) {
    let d = days.get(row.day);
    if (!d) {
      d = { day: row.day, total: 0, counts: {} };
      days.set(row.day, d);
    }
    const category = activityCategory({
      eventName: row.eventName,
      readOnly: row.readOnly,
      errorCode: row.failed ? "failed" : null,
      role: row.own ? "target" : "other",
    });
    d.counts[category] = (d.counts[category] ?? 0) + row.count;
    d.total += row.count;
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}

/** Read-only calls per UTC day, actor and operation ("DescribeCacheClusters × 288 by datadog"). */
export function readLanes(rows: readonly DayCount[]): ReadLane[] {
  const lanes = new Map<string, ReadLane>();
  for (const row of rows) {
    if (!row.readOnly) continue;
    const key = JSON.stringify([row.day, row.actor.key, row.eventName]);
    let lane = lanes.get(key);
    if (!lane) {
      lane = {
        day: row.day,
        actor: row.actor,
        eventName: row.eventName,
        count: 0,
        failedCount: 0,
        firstAt: row.firstAt.toISOString(),
        lastAt: row.lastAt.toISOString(),
        scope: "resource",
      };
      lanes.set(key, lane);
    }
    // ISO strings of one format compare as times.
    if (row.firstAt.toISOString() < lane.firstAt) lane.firstAt = row.firstAt.toISOString();
    if (row.lastAt.toISOString() > lane.lastAt) lane.lastAt = row.lastAt.toISOString();
    lane.count += row.count;
    if (row.failed) lane.failedCount += row.count;
  }
  return [...lanes.values()].sort(
    (a, b) =>
      a.day.localeCompare(b.day) ||
      b.count - a.count ||
      a.actor.name.localeCompare(b.actor.name) ||
      a.eventName.localeCompare(b.eventName),
  );
}

export function lifecycleViews(
  history: ResourceHistory,
  actorOf: (eventId: string | undefined) => ActorRef | null,
): LifecycleView[] {
  return history.lifecycles.map((lc) => ({
    index: lc.index,
    status: lc.status,
    createdAt: lc.createdAt?.toISOString() ?? null,
    createdBy: actorOf(lc.createEventId),
    createEventId: lc.createEventId ?? null,
    deletedAt: lc.deletedAt?.toISOString() ?? null,
    deletedBy: actorOf(lc.deleteEventId),
    deleteEventId: lc.deleteEventId ?? null,
    firstEventAt: lc.firstEventAt.toISOString(),
    lastEventAt: lc.lastEventAt.toISOString(),
  }));
}

/** The latest known configuration, or the one in effect at `at` with what has changed since. */
export function configurationView(history: ResourceHistory, at: string | undefined): ConfigurationView {
  const lastStep = history.steps.at(-1);
  const latest = lastStep?.configAfter ?? EMPTY_CONFIGURATION;
  if (at === undefined) {
    return {
      asOf: null,
      lifecycleIndex: lastStep?.lifecycleIndex ?? null,
      fields: configurationFields(latest),
      headline: configurationHeadline(latest),
      changedSince: [],
    };
  }
  const time = new Date(at);
  const config = configurationAt(history, time);
  const stepAt = history.steps.findLast((s) => s.eventTime.getTime() <= time.getTime());
  return {
    asOf: at,
    lifecycleIndex: stepAt?.lifecycleIndex ?? null,
    fields: configurationFields(config),
    headline: configurationHeadline(config),
    changedSince: diffConfigurations(config, latest).map(describeChange),
  };
}

/** The primary of each shard over time, marking those in effect at `at` (or at the end). */
export function primaryViews(history: ResourceHistory, home: ResourceKey, at: string | undefined): PrimaryView[] {
  const spans = primaryTimeline(history);
  const current = new Set(primariesAt(spans, at === undefined ? new Date(8.64e15) : new Date(at)).values());
  return spans.map((s) => ({
    shard: s.shard,
    clusterId: s.clusterId === null ? null : keyNear(home, { kind: "cache-cluster", resourceId: s.clusterId }),
    from: s.from.toISOString(),
    eventId: s.eventId,
    eventName: s.eventName,
    actorName: s.actorName,
    note: s.note ?? null,
    current: current.has(s),
  }));
}
