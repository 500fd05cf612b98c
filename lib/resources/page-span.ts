// The period one page of a resource's timeline covers, so what is shown beside its events
// (account-wide reads) is looked up for that period only, never for the resource's whole
// life. Consecutive pages cover adjacent, disjoint periods: newest first, a page reaches down
// to its last event (inclusive) and the next one starts just below it; oldest first, the same
// upwards. The last page reaches the edge of the window. Pure: times in, times out.
import type { TimeWindow } from "./timeline-params";

export interface Span {
  /** Inclusive. */
  start: Date;
  /** Exclusive. */
  end: Date;
}

export interface PageSpanInput {
  order: "newest" | "oldest";
  /** The timeline's window (range or day). */
  window: TimeWindow;
  /** The resource's first and last event: outside them a listing call is not evidence it existed. */
  firstSeen: Date;
  lastSeen: Date;
  /** Time of the previous page's last event (null on the first page). */
  cursorTime: Date | null;
  /** Time of this page's last event, when further pages follow. */
  lastEventTime: Date | null;
}

const MS = 1;

export function pageSpan(input: PageSpanInput): Span | null {
  const { order, window, cursorTime, lastEventTime } = input;
  let start = Math.max(window.start?.getTime() ?? -Infinity, input.firstSeen.getTime());
  let end = Math.min(window.end?.getTime() ?? Infinity, input.lastSeen.getTime() + MS);
  if (order === "newest") {
    if (cursorTime) end = Math.min(end, cursorTime.getTime());
    if (lastEventTime) start = Math.max(start, lastEventTime.getTime());
  } else {
    if (cursorTime) start = Math.max(start, cursorTime.getTime() + MS);
    if (lastEventTime) end = Math.min(end, lastEventTime.getTime() + MS);
  }
  return start < end ? { start: new Date(start), end: new Date(end) } : null;
}

/**
 * When the resource can have existed, as far as its events tell: from its first event, or its
 * creation if the events hold it, to its last event, or its deletion if the last lifecycle
 * ended in one. Calls naming a deleted cluster (failing with CacheClusterNotFound) keep its
 * last event later, but a listing call after the deletion cannot have listed it.
 */
export function existence(
  seen: { firstSeen: Date; lastSeen: Date },
  lifecycles: readonly { index: number; createdAt?: Date; deletedAt?: Date }[],
): { firstSeen: Date; lastSeen: Date } {
  const ordered = [...lifecycles].sort((a, b) => a.index - b.index);
  const created = ordered[0]?.createdAt;
  const deleted = ordered.at(-1)?.deletedAt;
  const firstSeen = created && created > seen.firstSeen ? created : seen.firstSeen;
  const lastSeen = deleted && deleted < seen.lastSeen && deleted >= firstSeen ? deleted : seen.lastSeen;
  return { firstSeen, lastSeen };
}
