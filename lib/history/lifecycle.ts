// Lifecycles: one per incarnation of a resource id. ElastiCache ids are reusable, so a
// Delete followed by a Create of the same id is a new resource with a fresh configuration.
import type { HistoryStep, Lifecycle, ResourceStatus, TimelineEvent } from "./types";

interface Tracked extends Lifecycle {
  /** A successful write acted on it, so it existed (even if its creation was not seen). */
  sawWrite: boolean;
  /** A later create implies a delete that was not logged (or not in the events given). */
  superseded: boolean;
  /** Only failed calls so far: they prove nothing about the resource, so a create takes this lifecycle over. */
  failedOnly: boolean;
}

export interface Entered {
  index: number;
  /** The step starts a new incarnation: its configuration starts empty. */
  fresh: boolean;
}

export class LifecycleTracker {
  private readonly tracked: Tracked[] = [];

  /**
   * Carry on from lifecycles an earlier tracker produced. Their statuses give back the flags:
   * only a lifecycle that saw no write is "unknown", and only a later create (never the last
   * lifecycle) supersedes one without its delete.
   */
  static resume(lifecycles: readonly Lifecycle[], steps: readonly HistoryStep[]): LifecycleTracker {
    const tracker = new LifecycleTracker();
    const last = lifecycles.at(-1)?.index;
    let failedOnly = last !== undefined;
    for (let i = steps.length - 1; i >= 0 && steps[i]!.lifecycleIndex === last; i--) {
      if (!steps[i]!.failed) {
        failedOnly = false;
        break;
      }
    }
    for (const lc of lifecycles) {
      tracker.tracked.push({
        ...lc,
        sawWrite: lc.status !== "unknown",
        superseded: lc.status === "deleted" && lc.deleteEventId === undefined,
        failedOnly: lc.index === last && failedOnly && lc.createEventId === undefined,
      });
    }
    return tracker;
  }

  /**
   * Assign an event to a lifecycle. `effect` is what the (successful) event does to the
   * resource; failed calls and reads pass "none" and stay in the current lifecycle.
   */
  enter(event: TimelineEvent, effect: "create" | "delete" | "write" | "none"): Entered {
    let cur = this.tracked.at(-1);
    let fresh = false;
    const failed = event.errorCode !== null && event.errorCode !== "";
    if (effect === "create") {
      // Failed calls before the create (an AccessDenied retried with the right role) are part of
      // its story, not an earlier incarnation: failed calls neither start nor end a lifecycle.
      if (cur?.failedOnly) {
        cur.failedOnly = false;
      } else {
        if (cur) cur.superseded = !cur.deleteEventId;
        cur = this.open(event);
      }
      cur.createdAt = event.eventTime;
      if (event.actorName !== undefined) cur.createdBy = event.actorName;
      cur.createEventId = event.eventId;
      fresh = true;
    } else if (!cur || (effect !== "none" && cur.deleteEventId !== undefined)) {
      // Before any create, or a successful write after a delete: an incarnation whose
      // creation is not in the events.
      fresh = cur !== undefined;
      cur = this.open(event);
    }
    cur.lastEventAt = event.eventTime;
    if (!failed) cur.failedOnly = false;
    if (effect !== "none") cur.sawWrite = true;
    if (effect === "delete" && cur.deleteEventId === undefined) {
      cur.deletedAt = event.eventTime;
      if (event.actorName !== undefined) cur.deletedBy = event.actorName;
      cur.deleteEventId = event.eventId;
    }
    return { index: cur.index, fresh };
  }

  lifecycles(): Lifecycle[] {
    return this.tracked.map(({ sawWrite, superseded, failedOnly: _, ...rest }) => ({
      ...rest,
      status: statusOf(rest, sawWrite, superseded),
    }));
  }

  private open(event: TimelineEvent): Tracked {
    const lc: Tracked = {
      index: this.tracked.length,
      status: "unknown",
      firstEventAt: event.eventTime,
      lastEventAt: event.eventTime,
      sawWrite: false,
      superseded: false,
      failedOnly: true,
    };
    this.tracked.push(lc);
    return lc;
  }
}

function statusOf(lc: Lifecycle, sawWrite: boolean, superseded: boolean): ResourceStatus {
  if (lc.deleteEventId !== undefined || superseded) return "deleted";
  return sawWrite ? "live" : "unknown";
}
