import { z } from "zod";
import type { RecordPosition } from "@/lib/cloudtrail/types";
import type { FileFormat } from "./read/types";

// What became of one ingested file. Pure: shared by the engine, the API and the browser.

/**
 * ok: read to the end, every record accounted for · partial: some records rejected, or
 * an error after some were stored · failed: nothing usable (not JSON, truncated before
 * any record…) · skipped: an Insights file · not-ingested: the run ended in the
 * middle of it (cancelled, disconnected) before anything was stored · digest: a CloudTrail digest
 * file, read for completeness (no events; lib/completeness).
 */
export const fileOutcomeSchema = z.enum(["ok", "partial", "failed", "skipped", "not-ingested", "digest"]);
export type FileOutcome = z.infer<typeof fileOutcomeSchema>;

/**
 * What ingest_file.outcome holds (a CHECK constraint enforces the list): a file's outcome, or
 * "pending" while the engine reads it.
 */
export const recordedFileOutcomeSchema = z.enum(["pending", ...fileOutcomeSchema.options]);
export type RecordedFileOutcome = z.infer<typeof recordedFileOutcomeSchema>;

/** What became of the records of a file, or of all the files of a run. */
export const recordCountsSchema = z.object({
  /** Records read, of every service. */
  recordsRead: z.number().int().nonnegative(),
  /** New ElastiCache events. */
  stored: z.number().int().nonnegative(),
  /** ElastiCache events already stored (nothing is stored twice). */
  duplicates: z.number().int().nonnegative(),
  /** Records of other services. */
  skipped: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});
export type RecordCounts = z.infer<typeof recordCountsSchema>;

export interface Rejection {
  position: RecordPosition;
  reason: string;
}

export interface FileSummary extends RecordCounts {
  name: string;
  fileId: string | null;
  outcome: FileOutcome;
  format: FileFormat | null;
  error: string | null;
  /** Why the error happened, as a stable code (e.g. "truncated-gzip", "too-large"). */
  errorCode: string | null;
  note: string | null;
  bytes: number;
  sha256: string | null;
  /** The first rejections (capped); `rejected` has the full count. */
  rejections: Rejection[];
  durationMs: number;
}

/** A file's summary before any byte is read: the engine fills it in, a sync that never read it fails it. */
export function emptyFileSummary(name: string, fileId: string | null): FileSummary {
  return {
    name,
    fileId,
    outcome: "ok",
    format: null,
    error: null,
    errorCode: null,
    note: null,
    bytes: 0,
    sha256: null,
    recordsRead: 0,
    stored: 0,
    duplicates: 0,
    skipped: 0,
    rejected: 0,
    rejections: [],
    durationMs: 0,
  };
}
