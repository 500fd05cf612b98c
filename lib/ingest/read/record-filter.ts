// Which records are ElastiCache's. A cheap byte search decides for most records without parsing
// them (a mixed trail holds ≤ 5 % ElastiCache records, and JSON.parse is the main cost);
// records it cannot rule out are parsed and judged by the exact rule.

import { isJsonObject, own, type JsonObject } from "@/lib/cloudtrail/json";
import { ELASTICACHE_EVENT_SOURCE } from "@/lib/elasticache/operations";

const EVENT_SOURCE_KEY = Buffer.from('"eventSource"');
const QUOTE = 0x22,
  BACKSLASH = 0x5c,
  COLON = 0x3a;

const ELASTICACHE_SOURCE_VALUE = Buffer.from(`"${ELASTICACHE_EVENT_SOURCE}"`);

/**
 * False only when the raw record certainly is another service's, decided without parsing it:
 * no \u escape anywhere (one could spell a key in disguise), exactly one "eventSource" key
 * directly inside the record (`keyCandidates`: offsets of its 13-byte top-level strings, from
 * the scanner), and its value a non-empty string without escapes other than
 * "elasticache.amazonaws.com". Empty, null, missing or doubtful → true, and the parsed record
 * decides. Looking at the top-level value itself beats searching the record for "elasticache":
 * that search ran at only ~700 MB/s (the pattern is made of JSON's most common letters) and
 * would parse records that merely mention ElastiCache. A record ruled out here is not validated
 * beyond its bracket structure.
 */
export function mayBeElastiCache(bytes: Buffer, keyCandidates: readonly number[], hasUnicodeEscape: boolean): boolean {
  if (hasUnicodeEscape) return true;
  let key = -1;
  for (const at of keyCandidates) {
    if (!matchesAt(bytes, EVENT_SOURCE_KEY, at)) continue;
    if (key !== -1) return true; // a duplicate key: JSON.parse would take the last one
    key = at;
  }
  return key === -1 || !isOtherServiceSource(bytes, key);
}

/**
 * At the string "eventSource" that starts at `key`: true when it is a key whose value is a
 * non-empty string without escapes, other than "elasticache.amazonaws.com" (also the prefilter's rule).
 */
export function isOtherServiceSource(bytes: Buffer, key: number): boolean {
  let i = skipWhitespace(bytes, key + EVENT_SOURCE_KEY.length);
  if (bytes[i] !== COLON) return false; // a value "eventSource", not the key
  i = skipWhitespace(bytes, i + 1);
  if (bytes[i] !== QUOTE || bytes[i + 1] === QUOTE) return false; // null, empty or not a string
  if (matchesAt(bytes, ELASTICACHE_SOURCE_VALUE, i)) return false;
  for (i++; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) return true;
    if (c === BACKSLASH) return false;
  }
  return false;
}

function matchesAt(bytes: Buffer, word: Buffer, at: number): boolean {
  for (let k = 0; k < word.length; k++) if (bytes[at + k] !== word[k]) return false;
  return true;
}

function skipWhitespace(bytes: Buffer, from: number): number {
  let i = from;
  for (let c = bytes[i]; c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = bytes[++i]);
  return i;
}

export function looksLikeRecord(value: JsonObject): boolean {
  return ["eventVersion", "eventSource", "eventName"].some((key) => typeof own(value, key) === "string");
}

/** CloudTrail digest files: no "Records", but these keys. */
export function isDigest(value: JsonObject): boolean {
  return own(value, "digestStartTime") !== undefined || own(value, "digestEndTime") !== undefined;
}

export function isInsight(value: unknown): boolean {
  return (
    isJsonObject(value) &&
    (own(value, "eventCategory") === "Insight" || own(value, "eventType") === "AwsCloudTrailInsight")
  );
}

/** For an object too large to parse: guess from its first bytes what it is. */
export function guessFromHead(head: Buffer | undefined): "digest" | "record" | "unknown" {
  if (!head) return "unknown";
  if (head.indexOf('"digestStartTime"') !== -1 || head.indexOf('"digestEndTime"') !== -1) return "digest";
  if (['"eventVersion"', '"eventSource"', '"eventName"'].some((key) => head.indexOf(key) !== -1)) return "record";
  return "unknown";
}
