// reconstructHistory: events of one resource, in any order and possibly duplicated →
// ordered steps with field-level changes, the configuration after each, and lifecycles.
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { categorize, isReadEvent } from "./categories";
import { ConfigBuilder, EMPTY_CONFIGURATION } from "./configuration";
import { LifecycleTracker } from "./lifecycle";
import { effectsOf } from "./effects";
import { opSpec } from "./ops";
import { planEvent } from "./plan";
import type { Configuration, HistoryStep, ResourceHistory, StepCategory, TimelineEvent } from "./types";
import { asRecord, sameId } from "./values";

/**
 * CloudTrail times have one-second resolution, so a create and the calls right after it
 * (tagging, a describe) often share a second. Within a second, creates go first and deletes
 * last; the eventId then makes the order total and stable across runs.
 */
function rank(eventName: string): number {
  const lc = opSpec(eventName)?.lifecycle;
  return lc === "create" ? 0 : lc === "delete" ? 2 : 1;
}

/** The order steps are folded in: time, then creates first and deletes last, then eventId. */
type Ordered = Pick<TimelineEvent, "eventTime" | "eventName" | "eventId">;

function compareEvents(a: Ordered, b: Ordered): number {
  return (
    a.eventTime.getTime() - b.eventTime.getTime() ||
    rank(a.eventName) - rank(b.eventName) ||
    (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)
  );
}

export function orderEvents(events: readonly TimelineEvent[]): TimelineEvent[] {
  const sorted = [...events].sort(compareEvents);
  // CloudTrail may deliver an event twice; copies share the eventId.
  const seen = new Set<string>();
  return sorted.filter((e) => (seen.has(e.eventId) ? false : (seen.add(e.eventId), true)));
}

export function reconstructHistory(
  kind: ResourceKind,
  resourceId: string,
  events: readonly TimelineEvent[],
): ResourceHistory {
  return fold(kind, resourceId, new LifecycleTracker(), EMPTY_CONFIGURATION, [], orderEvents(events));
}

/**
 * The history of `history`'s events and `later` ones, without replaying the earlier ones — or
 * null when a later event does not sort after the last step (delivered late, or already in
 * it): only a full reconstructHistory can place it. Same result as reconstructing them all.
 */
export function extendHistory(history: ResourceHistory, later: readonly TimelineEvent[]): ResourceHistory | null {
  const ordered = orderEvents(later);
  const last = history.steps.at(-1);
  if (ordered.length === 0) return history;
  if (last && compareEvents(last, ordered[0]!) >= 0) return null;
  const tracker = LifecycleTracker.resume(history.lifecycles, history.steps);
  return fold(
    history.kind,
    history.resourceId,
    tracker,
    last?.configAfter ?? EMPTY_CONFIGURATION,
    [...history.steps],
    ordered,
  );
}

function fold(
  kind: ResourceKind,
  resourceId: string,
  tracker: LifecycleTracker,
  start: Configuration,
  steps: HistoryStep[],
  ordered: readonly TimelineEvent[],
): ResourceHistory {
  let config = start;
  for (const event of ordered) {
    const before = config;
    const read = isReadEvent(event.eventName, event.readOnly);
    const failed = event.errorCode !== null && event.errorCode !== "";
    const plan = read ? undefined : planEvent(kind, resourceId, event, config);
    let category: StepCategory = categorize(event.eventName, read);
    // A snapshot's own creation is a "create" in its history, a "snapshot" in its cluster's.
    if (plan?.lifecycle) category = plan.lifecycle;

    const effective = plan !== undefined && !failed;
    const effect = !effective ? "none" : (plan.lifecycle ?? (plan.target ? "write" : "none"));
    const { index, fresh } = tracker.enter(event, effect);
    if (fresh) config = EMPTY_CONFIGURATION;

    // Reads and failures (most events, with monitoring agents) share the previous configuration object.
    let changes: HistoryStep["changes"] = [];
    if (effective) {
      const builder = new ConfigBuilder(config);
      plan.run(builder, config);
      config = builder.result();
      changes = builder.changes;
    }
    // CreateCacheCluster in a parameter group's history does not create the group.
    if (plan && !plan.target && !plan.lifecycle && (category === "create" || category === "delete")) {
      category = changes.length > 0 ? "modify" : "other";
    }

    const step: HistoryStep = {
      eventId: event.eventId,
      eventTime: event.eventTime,
      eventName: event.eventName,
      actorName: event.actorName ?? null,
      category,
      failed,
      changes,
      configAfter: config,
      lifecycleIndex: index,
    };
    if (effective && plan.cause && (changes.length > 0 || plan.lifecycle)) step.cause = plan.cause;
    if (effective && plan.target) {
      const effects = effectsOf(
        event.eventName,
        asRecord(event.requestParameters) ?? {},
        event.responseElements ?? null,
        event.inferred,
        before,
      )
        .map((e) => ({ ...e, resourceIds: e.resourceIds.filter((id) => !(e.kind === kind && sameId(id, resourceId))) }))
        .filter((e) => e.resourceIds.length > 0 || e.unnamed !== undefined);
      if (effects.length > 0) step.effects = effects;
    }
    steps.push(step);
  }

  const lifecycles = tracker.lifecycles();
  return { kind, resourceId, status: lifecycles.at(-1)?.status ?? "unknown", lifecycles, steps };
}
