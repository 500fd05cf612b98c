import type { ResourceKind } from "@/lib/cloudtrail/types";
import {
  categorize,
  describeChange,
  formatValue,
  reconstructHistory,
  type ChangeStatus,
  type FieldChange,
} from "@/lib/history";
import {
  NOTE_OBSERVED,
  NOTE_PENDING_APPLIED,
  NOTE_PENDING_DROPPED,
  NOTE_REQUESTED_APPLIED,
} from "@/lib/history/configuration";
import type { EventDetail } from "./types";

// For a Modify-like call: what the request asked to change, next to what the response says
// about it. ElastiCache applies many changes later (pendingModifiedValues), so "asked for 3
// nodes" and "has 3 nodes" are different facts; the seed ModifyCacheCluster asks for 3 while
// the response still reports 2 with 3 pending. lib/history already knows the rules per
// operation, so this replays the one event through it and keeps the request-driven changes.

export interface RequestedChange {
  field: string;
  requested: unknown;
  /** The value the response reports as in effect (undefined: the response does not say). */
  reported: unknown;
  /** The value the response lists as pending. */
  pending: unknown;
  status: ChangeStatus;
  note?: string;
  /** "2 → 3 pending", "6.2 → 7.1 applied", "auth token rotated (pending)". */
  summary: string;
}

/** Changes the response reported without the request asking: drift, not the call's intent. */
const NOT_REQUESTED = new Set([
  NOTE_OBSERVED,
  NOTE_PENDING_APPLIED,
  NOTE_REQUESTED_APPLIED,
  NOTE_PENDING_DROPPED,
  "reported pending",
]);
const VALUELESS = new Set(["authToken", "passwords", "failover"]);

function summarise(change: FieldChange, reported: unknown, pending: unknown): string {
  if (VALUELESS.has(change.field)) return describeChange(change);
  const known = (v: unknown) => v !== undefined;
  switch (change.status) {
    case "pending":
      return known(reported)
        ? `${formatValue(reported)} → ${formatValue(pending ?? change.to)} pending`
        : `→ ${formatValue(pending ?? change.to)} pending`;
    case "applied":
      return known(change.from) && change.from !== null
        ? `${formatValue(change.from)} → ${formatValue(change.to)} applied`
        : `${formatValue(change.to)} applied`;
    case "requested":
      return known(reported)
        ? `${formatValue(change.to)} requested; the response still shows ${formatValue(reported)}`
        : `${formatValue(change.to)} requested; the response does not confirm it`;
  }
}

export function requestedChanges(
  event: Pick<EventDetail, "eventId" | "eventTime" | "eventName" | "readOnly" | "errorCode" | "resources" | "record">,
): RequestedChange[] | null {
  if (event.readOnly || event.errorCode) return null;
  const category = categorize(event.eventName, false);
  if (category === "create" || category === "delete" || category === "read" || category === "snapshot") return null;
  const target = event.resources.find((r) => r.role === "target");
  if (!target) return null;
  try {
    const history = reconstructHistory(target.kind as ResourceKind, target.resourceId, [
      {
        eventId: event.eventId,
        eventTime: new Date(event.eventTime),
        eventName: event.eventName,
        errorCode: null,
        readOnly: false,
        requestParameters: event.record.requestParameters ?? null,
        responseElements: event.record.responseElements ?? null,
      },
    ]);
    const step = history.steps[0];
    if (!step) return null;
    const asked = step.changes.filter((c) => c.field !== "status" && !(c.note && NOT_REQUESTED.has(c.note)));
    if (asked.length === 0) return null;
    return asked.map((change) => {
      const entry = step.configAfter[change.field];
      const reported = entry?.value;
      const pending = entry?.pending;
      return {
        field: change.field,
        requested: change.to,
        reported,
        pending,
        status: change.status,
        ...(change.note ? { note: change.note } : {}),
        summary: summarise(change, reported, pending),
      };
    });
  } catch {
    // An unexpected record shape must not take the event page down; the trees still show it all.
    return null;
  }
}
