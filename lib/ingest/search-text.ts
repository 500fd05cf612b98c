import type { NormalisedEvent } from "@/lib/cloudtrail/types";

// Free-text search matches ids, names, ARNs, IPs and request parameter values. Rather
// than search the jsonb at query time, each event carries one lower-cased text of those
// values, indexed with trigrams (prisma/schema.prisma), so `ILIKE '%term%'` is fast.
// Trigram index upkeep grows with the text's length and dominates insert cost, so the
// text holds each distinct value once, skips long free text, and is capped. Values that
// are searched by equality through their own indexes (eventID, requestID, source IP,
// access key) are left out: queries match them exactly (lib/events).

const MAX_VALUE_LENGTH = 128;
const MAX_TEXT_LENGTH = 320;

function collectStrings(value: unknown, out: Set<string>, depth = 0): void {
  if (out.size > 64 || depth > 8 || value === null || value === undefined) return;
  if (typeof value === "string") {
    if (value.length > 0 && value.length <= MAX_VALUE_LENGTH) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, out, depth + 1);
  } else if (typeof value === "object") {
    for (const v of Object.values(value)) collectStrings(v, out, depth + 1);
  }
}

export function buildSearchText(e: NormalisedEvent): string {
  const values = new Set<string>();
  for (const v of [e.eventName, e.errorCode, e.actor.name, e.actor.arn]) {
    if (v) values.add(v);
  }
  for (const r of e.resources) values.add(r.id);
  collectStrings(e.record.requestParameters, values);
  let text = "";
  for (const v of values) {
    if (text.length + v.length + 1 > MAX_TEXT_LENGTH) break;
    text += (text ? " " : "") + v;
  }
  return text.toLowerCase();
}
