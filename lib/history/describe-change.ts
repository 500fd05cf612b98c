// One line of text per change, for timelines, exports and notifications.
import { NOTE_PENDING_DROPPED } from "./configuration";
import type { FieldChange } from "./types";

export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return "none";
  if (typeof v === "string") return v === "" ? '""' : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(", ")}]`;
  return JSON.stringify(v);
}

function suffix(parts: Array<string | undefined>): string {
  const kept = parts.filter((p): p is string => p !== undefined && p !== "");
  return kept.length > 0 ? ` (${kept.join(", ")})` : "";
}

/**
 * `numCacheNodes 2 → 3 (pending, apply immediately)`, `engineVersion 6.2 → 7.1`,
 * `auth token rotated`. Secret fields are described by their note only.
 */
export function describeChange(change: FieldChange): string {
  const status = change.status === "applied" ? undefined : change.status;
  if (change.field === "authToken" || change.field === "passwords") {
    const what = change.note ?? (change.field === "authToken" ? "auth token changed" : "password changed");
    return what + suffix([status]);
  }
  if (change.field === "failover") {
    const was = change.from === null || change.from === undefined ? "" : ` (primary was ${formatValue(change.from)})`;
    return `${change.note ?? "failover"} ${change.status}${was}`;
  }
  if (change.note === NOTE_PENDING_DROPPED) {
    return `${change.field}: pending ${formatValue(change.from)} no longer reported, stays ${formatValue(change.to)}`;
  }
  const tail = suffix([status, change.note]);
  if (change.from === undefined || change.from === null)
    return `${change.field} set to ${formatValue(change.to)}${tail}`;
  if (change.to === undefined || change.to === null)
    return `${change.field} removed (was ${formatValue(change.from)})${tail}`;
  return `${change.field} ${formatValue(change.from)} → ${formatValue(change.to)}${tail}`;
}
