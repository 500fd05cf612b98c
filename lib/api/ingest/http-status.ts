import type { FileOutcome } from "@/lib/ingest/file-summary";
import type { FileResult, UploadResult } from "@/lib/ingest/upload-schemas";

// The HTTP status of an ingest request that got as far as its files. The body always has the
// per-file results; the status sums them up for clients that only look at the status (curl
// --fail, CI scripts):
//
//   200  at least one file was ingested (ok, partial, skipped or digest) — read each file's outcome;
//   413  nothing was ingested, and at least one file was over a size limit;
//   422  nothing was ingested: every file was unreadable (not JSON, truncated, not CloudTrail…).
//
// So a single raw body gives 413 when too large and 422 when unreadable; a multipart request
// with one over-limit file among good ones gives 200, the over-limit file failed "too-large".

const INGESTED: ReadonlySet<FileOutcome> = new Set(["ok", "partial", "skipped", "digest"]);

/** A file that hit a size limit counts as not ingested, even if events before the limit were kept. */
function wasIngested(f: FileResult): boolean {
  return INGESTED.has(f.outcome) && f.errorCode !== "too-large";
}

export function statusOfFiles(result: UploadResult): { status: number; message?: string } {
  const files = result.files;
  if (files.some(wasIngested)) return { status: 200 };
  const tooLarge = files.filter((f) => f.errorCode === "too-large");
  if (tooLarge.length > 0) {
    const first = tooLarge[0]!;
    const others = files.length > 1 ? ` (${files.length} files, none ingested)` : "";
    return { status: 413, message: `“${first.name}”: ${first.error ?? "too large"}${others}.` };
  }
  if (files.length === 1)
    return { status: 422, message: `“${files[0]!.name}” could not be ingested: ${files[0]!.error ?? "unreadable"}.` };
  return {
    status: 422,
    message: `None of the ${files.length} files could be ingested; each file's error is in "files".`,
  };
}
