import type { RecordPosition } from "@/lib/cloudtrail/types";
import type { FileFormat } from "./read/types";

/**
 * ok: read to the end, every record accounted for · partial: some records rejected, or
 * an error after some were stored · failed: nothing usable (not JSON, truncated before
 * any record…) · skipped: a digest or Insights file · not-ingested: cancelled before
 * anything was stored.
 */
export type FileOutcome = "ok" | "partial" | "failed" | "skipped" | "not-ingested";

export interface Rejection {
  position: RecordPosition;
  reason: string;
}

export interface FileSummary {
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
  recordsRead: number;
  stored: number;
  duplicates: number;
  skipped: number;
  rejected: number;
  /** The first rejections (capped); `rejected` has the full count. */
  rejections: Rejection[];
  durationMs: number;
}
