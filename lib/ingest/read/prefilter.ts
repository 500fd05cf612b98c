// The prefilter: passes over other services' records without walking their bytes in JavaScript.
//
// In valid JSON the bytes `{"eventVersion":` can only open an object (a quote inside a string is
// always escaped), and CloudTrail writes every record of a log file that way, one after the
// other: `…},{"eventVersion":…`. So, at the start of a record that lies wholly in the current
// chunk, native Buffer.indexOf finds where the next record begins and the record's
// `"eventSource":"…"` value, at memchr speed. A record is passed over (counted as skipped) only
// when all of these hold; anything else — the first doubt — leaves the record, and the rest of
// the chunk, to the structural scanner (json-splitter.ts), so candidates, broken files and odd
// layouts are read exactly as before:
// - it starts with `{"eventVersion":` and the next one starts after `}` `,` (whitespace allowed)
//   in the same chunk (the last record of a chunk is always scanned);
// - no backslash anywhere in it (so no \u escape can spell a key or a value in disguise, and
//   every quote opens or closes a string);
// - exactly one `"eventSource":"` in it (a duplicated key: JSON.parse would take the last one),
//   whose value is a non-empty string other than "elasticache.amazonaws.com";
// - its last "[" comes before its last "]" (the next `{"eventVersion":` cannot be an element of
//   an array still open inside this record), and it is no larger than the record-size limit.
// A record passed over here is not validated beyond this shape: like a record the scanner rules
// out, it is never parsed.

import { ELASTICACHE_EVENT_SOURCE } from "@/lib/elasticache/operations";

const RECORD_OPEN = Buffer.from('{"eventVersion":');
const SOURCE_KEY = Buffer.from('"eventSource":"');
const ELASTICACHE_VALUE = Buffer.from(`${ELASTICACHE_EVENT_SOURCE}"`);
const QUOTE = 0x22,
  BACKSLASH = 0x5c,
  COMMA = 0x2c,
  CLOSE_BRACE = 0x7d,
  OPEN_BRACKET = 0x5b,
  CLOSE_BRACKET = 0x5d;

const isWhitespace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function matchesAt(bytes: Buffer, word: Buffer, at: number): boolean {
  if (at + word.length > bytes.length) return false;
  for (let k = 0; k < word.length; k++) if (bytes[at + k] !== word[k]) return false;
  return true;
}

export class Prefilter {
  /** Where the next backslash of the current chunk is (chunk.length: none), searched once per stretch. */
  private backslashAt = -1;
  private backslashChunk: Buffer | undefined;
  /** The next `"eventSource":"` found while checking the previous record for a duplicate key. */
  private sourceKeyAt = -1;

  constructor(private readonly maxRecordBytes: number) {}

  /**
   * From `from` (a "{" at the level of records, in `chunk`): how many whole records in a row it
   * passes over, and the index of the first byte it leaves to the scanner (the "{" of the next
   * record, after its comma). `{ count: 0, next: from }` when the first record is in doubt.
   */
  skip(chunk: Buffer, from: number): { count: number; next: number } {
    if (this.backslashChunk !== chunk) {
      this.backslashChunk = chunk;
      this.backslashAt = -1;
      this.sourceKeyAt = -1;
    }
    let at = from;
    let count = 0;
    for (;;) {
      const end = this.recordEnd(chunk, at);
      if (end < 0) break;
      count++;
      at = end;
    }
    return { count, next: at };
  }

  /** The index of the next record's "{" when the record at `at` can be passed over, else -1. */
  private recordEnd(chunk: Buffer, at: number): number {
    if (!matchesAt(chunk, RECORD_OPEN, at)) return -1;
    const next = chunk.indexOf(RECORD_OPEN, at + RECORD_OPEN.length);
    if (next < 0) return -1;
    // The bytes between the records: `}` whitespace `,` whitespace.
    let close = next - 1;
    while (isWhitespace(chunk[close])) close--;
    if (chunk[close] !== COMMA) return -1;
    close--;
    while (isWhitespace(chunk[close])) close--;
    if (chunk[close] !== CLOSE_BRACE || close + 1 - at > this.maxRecordBytes) return -1;
    if (this.backslashAt < at) {
      const found = chunk.indexOf(BACKSLASH, at);
      this.backslashAt = found < 0 ? chunk.length : found;
    }
    if (this.backslashAt < close) return -1;
    const key = this.sourceKeyAt >= at ? this.sourceKeyAt : chunk.indexOf(SOURCE_KEY, at);
    if (key < 0 || key > close) return -1;
    const value = key + SOURCE_KEY.length;
    const second = chunk.indexOf(SOURCE_KEY, value);
    this.sourceKeyAt = second < 0 ? chunk.length : second;
    if (second >= 0 && second < close) return -1;
    if (chunk[value] === QUOTE || matchesAt(chunk, ELASTICACHE_VALUE, value)) return -1;
    const valueEnd = chunk.indexOf(QUOTE, value);
    if (valueEnd < 0 || valueEnd > close) return -1;
    const lastOpen = chunk.lastIndexOf(OPEN_BRACKET, close);
    if (lastOpen >= at && chunk.lastIndexOf(CLOSE_BRACKET, close) < lastOpen) return -1;
    return next;
  }
}
