import type { NormalisedEvent } from "@/lib/cloudtrail/types";

// Free-text search matches ids, names, ARNs, IPs and request parameter values. Rather
// than search the jsonb at query time, each event carries one lower-cased text of the
// values that only the record holds, indexed with trigrams (prisma/schema.prisma), so
// `ILIKE '%term%'` is fast.
//
// Trigram index upkeep grows with the text's length and was the largest single cost of
// storing an event, so the text holds each distinct value once, skips long free text and
// pagination tokens, and is capped. Values that have a column and an index of their own are
// left out and matched there by the query (lib/events/sql.ts): the event name (against the
// known operation names), the actor's name and ARN (against the small actor table), and
// the eventID, requestID, source IP and access key (exactly).

const MAX_VALUE_LENGTH = 128;
const MAX_TEXT_LENGTH = 320;
/** Opaque paging tokens of Describe calls: long, random, and never what anyone searches for. */
const SKIPPED_KEYS: ReadonlySet<string> = new Set(["marker", "nextToken"]);

function collectStrings(value: unknown, out: Set<string>, depth = 0): void {
  if (out.size > 64 || depth > 8 || value === null || value === undefined) return;
  if (typeof value === "string") {
    if (value.length > 0 && value.length <= MAX_VALUE_LENGTH) out.add(value.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, out, depth + 1);
  } else if (typeof value === "object") {
    for (const [key, v] of Object.entries(value)) if (!SKIPPED_KEYS.has(key)) collectStrings(v, out, depth + 1);
  }
}

export function buildSearchText(e: NormalisedEvent): string {
  const values = new Set<string>();
  if (e.errorCode) values.add(e.errorCode.toLowerCase());
  for (const r of e.resources) values.add(r.id.toLowerCase());
  collectStrings(e.record.requestParameters, values);
  let text = "";
  for (const v of values) {
    if (text.length + v.length + 1 > MAX_TEXT_LENGTH) break;
    text += (text ? " " : "") + v;
  }
  return text;
}
