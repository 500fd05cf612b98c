// Field-level comparison of two configurations, e.g. "what differs between last Monday and
// now" across many steps. Unlike a step's own changes it has no notes: it only knows states.
import type { Configuration, FieldChange } from "./types";
import { sameValue } from "./values";

export function diffConfigurations(before: Configuration, after: Configuration): FieldChange[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: FieldChange[] = [];
  for (const field of fields) {
    const a = Object.hasOwn(before, field) ? before[field] : undefined;
    const b = Object.hasOwn(after, field) ? after[field] : undefined;
    if (!sameValue(a?.value, b?.value)) out.push({ field, from: a?.value, to: b?.value, status: "applied" });
    if (b?.pending !== undefined && !sameValue(a?.pending, b.pending)) {
      out.push({ field, from: b.value, to: b.pending, status: "pending" });
    }
    if (b?.requested !== undefined && !sameValue(a?.requested, b.requested)) {
      out.push({ field, from: b.value, to: b.requested, status: "requested" });
    }
  }
  return out;
}
