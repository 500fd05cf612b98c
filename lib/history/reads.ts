// Read-only calls drown the timeline (a monitoring agent describing a cluster every five
// minutes makes 288 a day), so they are shown collapsed: one lane entry per UTC day, actor
// and operation.
import type { HistoryStep, ReadSummary } from "./types";

const UNKNOWN_ACTOR_NAME = "unknown";

export function summariseReads(steps: readonly HistoryStep[]): ReadSummary[] {
  const groups = new Map<string, ReadSummary>();
  for (const step of steps) {
    if (step.category !== "read") continue;
    const day = step.eventTime.toISOString().slice(0, 10);
    const actorName = step.actorName ?? UNKNOWN_ACTOR_NAME;
    const key = JSON.stringify([day, actorName, step.eventName]);
    let group = groups.get(key);
    if (!group) {
      group = { day, actorName, eventName: step.eventName, count: 0, failedCount: 0, eventIds: [] };
      groups.set(key, group);
    }
    group.count += 1;
    if (step.failed) group.failedCount += 1;
    group.eventIds.push(step.eventId);
  }
  // Steps are in time order, so each group's eventIds are too.
  return [...groups.values()].sort(
    (a, b) =>
      a.day.localeCompare(b.day) ||
      b.count - a.count ||
      a.actorName.localeCompare(b.actorName) ||
      a.eventName.localeCompare(b.eventName),
  );
}
