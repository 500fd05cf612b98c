// The timeline's day groups: the loaded pages of events and the collapsed read lanes, merged
// per UTC day in the chosen order. A lane sits among the day's events where its calls began
// (oldest first) or ended (newest first). While further pages are not loaded, lanes are shown
// only for the days the loaded events already reach, so a lane never appears ahead of events
// that would come before it.
import type { AccountReadsView, ReadLane, TimelineItem } from "./types";

export type DayEntry = { type: "event"; item: TimelineItem } | { type: "reads"; lane: ReadLane };

export interface DayGroup {
  day: string;
  entries: DayEntry[];
}

export function dayGroups(
  items: readonly TimelineItem[],
  lanes: readonly ReadLane[],
  order: "newest" | "oldest",
  complete: boolean,
): DayGroup[] {
  const newest = order === "newest";
  const groups = new Map<string, DayGroup>();
  const group = (day: string) => {
    let g = groups.get(day);
    if (!g) {
      g = { day, entries: [] };
      groups.set(day, g);
    }
    return g;
  };
  for (const item of items) group(item.eventTime.slice(0, 10)).entries.push({ type: "event", item });
  const reached = items.at(-1)?.eventTime.slice(0, 10);
  for (const lane of lanes) {
    const covered = complete || reached === undefined || (newest ? lane.day >= reached : lane.day <= reached);
    if (covered) group(lane.day).entries.push({ type: "reads", lane });
  }
  const at = (e: DayEntry) => (e.type === "event" ? e.item.eventTime : newest ? e.lane.lastAt : e.lane.firstAt);
  const sign = newest ? -1 : 1;
  for (const g of groups.values()) {
    // Stable: events keep the server's order among themselves; at equal times the event comes first.
    g.entries.sort(
      (a, b) => sign * at(a).localeCompare(at(b)) || (a.type === b.type ? 0 : a.type === "event" ? -1 : 1),
    );
  }
  return [...groups.values()].sort((a, b) => sign * a.day.localeCompare(b.day));
}

/**
 * The account-wide reads of the loaded pages as one: pages cover adjacent periods, so a day
 * cut by a page boundary comes back as two lanes of the same actor, added up here.
 */
export function mergeAccountReads(views: readonly (AccountReadsView | null)[]): AccountReadsView | null {
  const present = views.filter((v): v is AccountReadsView => v !== null);
  const first = present[0];
  if (!first) return null;
  const lanes = new Map<string, ReadLane>();
  let start: string | null = null;
  let end: string | null = null;
  for (const view of present) {
    for (const lane of view.lanes) {
      const key = JSON.stringify([lane.day, lane.actor.key, lane.eventName]);
      const seen = lanes.get(key);
      lanes.set(
        key,
        seen
          ? {
              ...seen,
              count: seen.count + lane.count,
              failedCount: seen.failedCount + lane.failedCount,
              firstAt: lane.firstAt < seen.firstAt ? lane.firstAt : seen.firstAt,
              lastAt: lane.lastAt > seen.lastAt ? lane.lastAt : seen.lastAt,
            }
          : lane,
      );
    }
    if (view.searched) {
      if (start === null || view.searched.start < start) start = view.searched.start;
      if (end === null || view.searched.end > end) end = view.searched.end;
    }
  }
  const searched = start !== null && end !== null ? { start, end } : null;
  return {
    eventName: first.eventName,
    lanes: [...lanes.values()],
    searched,
    truncated: present.some((v) => v.truncated),
  };
}
