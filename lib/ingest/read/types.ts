// What the CloudTrail file reader hands to the ingest: parsed ElastiCache candidates, counts of
// the records it skipped, per-record rejections, the detected format and progress.

import type { RecordPosition } from "@/lib/cloudtrail/types";

export type FileFormat =
  "cloudtrail-log" | "lookup-events" | "json-array" | "ndjson" | "single-record" | "digest" | "insights" | "empty";

export type ReadItem =
  /** An ElastiCache record, parsed; `raw`: its bytes, when jsonb can store them as they are. */
  | { type: "record"; record: Record<string, unknown>; position: RecordPosition; raw?: Buffer }
  /** Records of other services (counts are batched). */
  | { type: "skipped"; count: number }
  /** A record that is not valid JSON, not an object, too large or not a CloudTrail record. */
  | { type: "rejected"; position: RecordPosition; reason: string }
  /** Emitted once, as soon as the format is known. */
  | { type: "format"; format: FileFormat; note?: string }
  /** A CloudTrail digest file's content, parsed (lib/completeness stores it). */
  | { type: "digest"; digest: Record<string, unknown> }
  /** Emitted every few MB so a UI can show progress, and at the end; `gzip`: the input was gzip. */
  | { type: "progress"; compressedBytes: number; decompressedBytes: number; gzip: boolean };

export interface ReadOptions {
  /** Gzip-bomb guard: the most decompressed bytes read from one input. Default 2 GiB. */
  maxDecompressedBytes?: number;
  /** A larger record is rejected (and skipped over without being held in memory). Default 1 MiB. */
  maxRecordBytes?: number;
  /** Shared by the files of one request: decompressed bytes they may still produce together. */
  requestBudget?: DecompressedBudget;
  signal?: AbortSignal;
  /** Pass over other services' records without scanning them (read/prefilter.ts). Default true; false: scan every byte. */
  prefilter?: boolean;
  /**
   * Fed every decompressed byte of gzip input: the SHA-256 of the content that digest files record.
   * Not fed when the input is not gzip (progress items say which): the content is then the input
   * itself, whose hash the caller has.
   */
  contentHash?: { update(chunk: Buffer): unknown };
  /** The input's size in bytes, when known (a file on disk, an S3 object): a small file's buffers are sized to it. */
  inputBytes?: number;
}

export interface DecompressedBudget {
  remaining: number;
  /** The whole budget, for the message. */
  readonly limit: number;
  /** Says where the limit is set, in the message. */
  readonly setting: string;
}

export const DEFAULT_MAX_DECOMPRESSED_BYTES = 2 * 1024 ** 3;
export const DEFAULT_MAX_RECORD_BYTES = 1024 ** 2;
