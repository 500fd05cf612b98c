import { z } from "zod";
import { recordCountsSchema, type FileOutcome, type RecordCounts } from "./file-summary";

// How an ingestion run is summed up: where it came from, its status and its totals, from its
// files' outcomes. Pure: shared by the engine, the API and the browser; CHECK constraints keep
// source.kind and ingest_run.status to the same lists.

export const sourceKindSchema = z.enum(["upload", "api", "cli", "s3"]);
export type SourceKind = z.infer<typeof sourceKindSchema>;

export const runStatusSchema = z.enum(["running", "succeeded", "partial", "failed", "aborted"]);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const runTotalsSchema = z.object({
  files: z.number().int(),
  bytes: z.number(),
  ...recordCountsSchema.shape,
  /** Files with nothing usable in them, and files the run ended in the middle of. */
  failedFiles: z.number().int(),
});
export type RunTotals = z.infer<typeof runTotalsSchema>;

/** What the totals and the status are computed from: a file summary, or its API form. */
export type CountedFile = RecordCounts & { outcome: FileOutcome; bytes: number };

/** A file the run ended in the middle of counts as failed: nothing usable came of it either. */
function failed(f: { outcome: FileOutcome }): boolean {
  return f.outcome === "failed" || f.outcome === "not-ingested";
}

export function runTotals(files: readonly CountedFile[]): RunTotals {
  const sum = (pick: (f: CountedFile) => number) => files.reduce((n, f) => n + pick(f), 0);
  return {
    files: files.length,
    bytes: sum((f) => f.bytes),
    recordsRead: sum((f) => f.recordsRead),
    stored: sum((f) => f.stored),
    duplicates: sum((f) => f.duplicates),
    skipped: sum((f) => f.skipped),
    rejected: sum((f) => f.rejected),
    failedFiles: files.filter(failed).length,
  };
}

export function runStatus(files: readonly { outcome: FileOutcome }[], aborted: boolean): RunStatus {
  if (aborted) return "aborted";
  const failedFiles = files.filter(failed).length;
  if (failedFiles > 0 && failedFiles === files.length) return "failed";
  if (failedFiles > 0 || files.some((f) => f.outcome === "partial")) return "partial";
  return "succeeded";
}
