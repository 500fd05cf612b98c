// Turns the scanner's raw values into read items: decides the file's format from its first
// value, keeps ElastiCache records (parsed), counts the others, rejects what is not a record.

import { isUtf8 } from "node:buffer";
import { isJsonObject, own, type JsonObject } from "@/lib/cloudtrail/json";
import type { RecordPosition } from "@/lib/cloudtrail/types";
import type { ContainerContext, RawValue, SplitterSink } from "./raw-value";
import { parseJson, parseRecordBytes } from "./parse-record";
import { formatCount, formatSize } from "@/lib/format/numbers";
import { describeJsonStart, notCloudTrailError, syntaxError } from "./read-error";
import { isElastiCacheRecord } from "@/lib/cloudtrail/normalise";
import { guessFromHead, isDigest, isInsight, looksLikeRecord, mayBeElastiCache } from "./record-filter";
import type { FileFormat, ReadItem } from "./types";
import { MAX_RECORD_DEPTH, nestsDeeperThan } from "./storable-json";

const OPEN_BRACE = 0x7b;
const NOT_CLOUDTRAIL_OBJECT = 'a JSON object without "Records", "Events" or the fields of a CloudTrail record';
// A function: the first number formatted loads ICU's data (~14 ms), which a start need not pay.
const tooDeep = () => `nested deeper than ${formatCount(MAX_RECORD_DEPTH)} levels`;
const NOTES: Partial<Record<FileFormat, string>> = {
  digest: "CloudTrail digest file — no events; read for completeness",
  insights: "CloudTrail Insights file — skipped",
};

export class RecordClassifier implements SplitterSink {
  /** Items ready for the caller, drained after every chunk. */
  readonly out: ReadItem[] = [];
  private skipped = 0;
  private format: FileFormat | undefined;
  /** The format a started container implies, unless its first record is an Insights event. */
  private containerFormat: FileFormat | undefined;
  /** Items of the first top-level record, held until a second value (ndjson) or the end (single-record). */
  private held: ReadItem[] | undefined;
  private insightsFile = false;
  private index = 0;

  constructor(private readonly maxRecordBytes: number) {}

  /** The skipped count since the last call; only once the format item has gone out, so it comes first. */
  takeSkipped(): number {
    if (this.format === undefined) return 0;
    const count = this.skipped;
    this.skipped = 0;
    return count;
  }

  containerStart(context: ContainerContext): void {
    if (this.held) this.settle("ndjson");
    if (context === "events") this.settle("lookup-events");
    else this.containerFormat ??= context === "records" ? "cloudtrail-log" : "json-array";
  }

  containerEnd(): void {
    if (this.containerFormat) this.settle(this.containerFormat);
  }

  topLevelScalar(firstByte: number, byteOffset: number, line: number): never {
    if (this.format === undefined && !this.held) {
      throw notCloudTrailError(
        `JSON, but the file holds ${describeJsonStart(firstByte)} instead of CloudTrail records`,
      );
    }
    throw syntaxError(`${describeJsonStart(firstByte)} between records`, byteOffset, line);
  }

  /** At the end of the input: a file in which no value began is empty. */
  finish(): void {
    this.settleBeforeError();
    this.settle("empty");
  }

  /** Before a fatal error: the format known so far, if any (when none, the error tells what the file is). */
  settleBeforeError(): void {
    if (this.held) this.settle("single-record");
    else if (this.containerFormat) this.settle(this.containerFormat);
  }

  canPassOver(): boolean {
    return this.format !== undefined && this.held === undefined && !this.insightsFile;
  }

  passedOver(): void {
    this.index++;
    this.skipped++;
  }

  value(raw: RawValue): void {
    const position: RecordPosition = { index: this.index++, byteOffset: raw.byteOffset, line: raw.line };
    if (raw.context === "top-level" && this.held) this.settle("ndjson");
    if (this.format === undefined) this.firstValue(raw, position);
    else this.sort(raw, position);
  }

  /** The first value decides the format: its kind, and whether it is a digest or an Insights event. */
  private firstValue(raw: RawValue, position: RecordPosition): void {
    const topLevel = raw.context === "top-level";
    if (raw.firstByte !== OPEN_BRACE) {
      if (raw.context === "array")
        throw notCloudTrailError(
          `a JSON array whose first element is ${describeJsonStart(raw.firstByte)}, not a CloudTrail record`,
        );
      this.settle(this.containerFormat ?? "cloudtrail-log");
      return this.reject(position, `not a JSON object but ${describeJsonStart(raw.firstByte)}`);
    }
    if (raw.tooLarge || raw.tooDeep) {
      const guess = guessFromHead(raw.head ?? raw.bytes?.subarray(0, 4096));
      if (guess === "digest" && topLevel) return this.settle("digest");
      if (guess === "unknown" && raw.context !== "records") throw notCloudTrailError(NOT_CLOUDTRAIL_OBJECT);
      this.startFirst(topLevel);
      return this.reject(position, raw.tooLarge ? this.tooLargeReason(raw.size) : tooDeep());
    }
    const parsed = parseRecordBytes(raw.bytes!, raw.byteOffset, raw.line);
    if (!parsed.ok) {
      this.startFirst(topLevel);
      return this.reject(position, parsed.reason);
    }
    const value = parsed.value as JsonObject;
    if (topLevel && isDigest(value)) {
      this.settle("digest");
      this.out.push({ type: "digest", digest: value });
      return;
    }
    if (isInsight(value)) {
      this.insightsFile = true;
      this.settle("insights");
      this.skipped++;
      return;
    }
    if (raw.context !== "records" && !looksLikeRecord(value)) {
      throw notCloudTrailError(
        topLevel ? NOT_CLOUDTRAIL_OBJECT : "a JSON array whose first element is not a CloudTrail record",
      );
    }
    this.startFirst(topLevel);
    this.keepOrSkip(value, position, storableBytes(raw));
  }

  /** A lone top-level record could be the whole file or the first line of NDJSON: hold its items. */
  private startFirst(topLevel: boolean): void {
    if (topLevel) this.held = [];
    else this.settle(this.containerFormat ?? "cloudtrail-log");
  }

  private sort(raw: RawValue, position: RecordPosition): void {
    if (raw.firstByte !== OPEN_BRACE)
      return this.reject(position, `not a JSON object but ${describeJsonStart(raw.firstByte)}`);
    if (raw.tooLarge) return this.reject(position, this.tooLargeReason(raw.size));
    if (raw.tooDeep) return this.reject(position, tooDeep());
    if (this.insightsFile) {
      this.skipped++;
      return;
    }
    const bytes = raw.bytes!;
    if (raw.context !== "events" && !mayBeElastiCache(bytes, raw.keyCandidates, raw.hasUnicodeEscape)) {
      this.skipped++;
      return;
    }
    const parsed = parseRecordBytes(bytes, raw.byteOffset, raw.line);
    if (!parsed.ok) return this.reject(position, parsed.reason);
    if (raw.context === "events") return this.lookupEntry(parsed.value as JsonObject, position);
    this.keepOrSkip(parsed.value as JsonObject, position, storableBytes(raw));
  }

  /**
   * A lookup-events entry carries its record as a JSON string. Entries are all parsed: the API
   * returns at most 50 per page, and the record's own eventSource is hidden behind escapes.
   * An "Events" array of plain records (some export tools write that) is read as such.
   */
  private lookupEntry(entry: JsonObject, position: RecordPosition): void {
    const text = own(entry, "CloudTrailEvent");
    if (typeof text !== "string") {
      if (looksLikeRecord(entry)) return this.keepOrSkip(entry, position);
      return this.reject(position, "a lookup-events entry without a CloudTrailEvent string");
    }
    // Measured before parsing: a deep record would pass JSON.parse and break JSON.stringify later.
    if (nestsDeeperThan(text, MAX_RECORD_DEPTH)) return this.reject(position, `CloudTrailEvent is ${tooDeep()}`);
    const parsed = parseJson(text);
    if (!parsed.ok) {
      return this.reject(
        position,
        `CloudTrailEvent is not valid JSON (at character ${formatCount(parsed.index + 1)}: ${parsed.problem})`,
      );
    }
    if (!isJsonObject(parsed.value)) return this.reject(position, "CloudTrailEvent is not a JSON object");
    // The record is stored as this text (a number JSON.parse reads as Infinity keeps its digits).
    const exact = text.isWellFormed() && !text.includes("\\u");
    this.keepOrSkip(parsed.value, position, exact ? Buffer.from(text, "utf8") : undefined);
  }

  private keepOrSkip(value: JsonObject, position: RecordPosition, bytes?: Buffer): void {
    // The bytes are copied: they may view a chunk that the scanner reuses.
    if (isElastiCacheRecord(value))
      this.emit({ type: "record", record: value, position, raw: bytes && Buffer.from(bytes) });
    else if (looksLikeRecord(value)) this.skipped++;
    else if (isDigest(value)) this.reject(position, "a CloudTrail digest, not a record");
    else this.reject(position, 'a JSON object without "eventSource" or "eventName" — not a CloudTrail record');
  }

  private tooLargeReason(size: number): string {
    return `the record is ${formatCount(size)} bytes, over the ${formatSize(this.maxRecordBytes)} limit`;
  }

  private reject(position: RecordPosition, reason: string): void {
    this.emit({ type: "rejected", position, reason });
  }

  private emit(item: ReadItem): void {
    if (this.held) this.held.push(item);
    else this.out.push(item);
  }

  private settle(format: FileFormat): void {
    if (this.format !== undefined) return;
    this.format = format;
    const note = NOTES[format];
    this.out.push(note ? { type: "format", format, note } : { type: "format", format });
    if (this.held) this.out.push(...this.held);
    this.held = undefined;
  }
}

/**
 * A record's bytes when they are exactly the parsed record's text as stored: valid UTF-8 (else
 * JSON.parse saw U+FFFD) and no \u escape (\u0000 and lone surrogates, written only as escapes,
 * become U+FFFD in every stored field, the record's text included). Otherwise the record is
 * written again from what it parsed. Numbers past PostgreSQL's numeric (1e131072) are kept as
 * written here: the record is stored as bytes (lib/events/record-codec.ts).
 */
function storableBytes(raw: RawValue): Buffer | undefined {
  return raw.bytes && !raw.hasUnicodeEscape && isUtf8(raw.bytes) ? raw.bytes : undefined;
}
