import { formatCount } from "@/lib/format/numbers";
import type { RunStatus, SourceKind } from "@/lib/ingest/run-summary";
import type { FileFormat } from "@/lib/ingest/read/types";
import type { FileDisplayOutcome } from "./schemas";

// How runs, files and their outcomes are named on the upload and history pages (and by the
// CLI). Pure. Each table covers its whole enum (`satisfies`), and is looked up by the plain
// strings pages hold. Colours are the page's business (components/ingestions/badges.tsx).

type OutcomeLabel = { label: string; title: string };

export const FILE_OUTCOMES: Record<string, OutcomeLabel> = {
  ok: { label: "Ingested", title: "Read to the end; every record accounted for" },
  partial: {
    label: "Partly ingested",
    title: "Some records were rejected, or the file broke off after some were stored",
  },
  failed: { label: "Failed", title: "Nothing usable could be read from it" },
  skipped: { label: "Skipped", title: "An Insights file: no API calls in it" },
  digest: {
    label: "Digest read",
    title: "A CloudTrail digest file: no events, read for completeness (which log files were delivered)",
  },
  "not-ingested": {
    label: "Not ingested",
    title: "The upload ended (cancelled, disconnected) before this file was finished",
  },
  "in-progress": { label: "In progress", title: "Its run is still going" },
} satisfies Record<FileDisplayOutcome, OutcomeLabel>;

export const RUN_STATUSES: Record<string, string> = {
  running: "Running",
  succeeded: "Succeeded",
  partial: "Partial",
  failed: "Failed",
  aborted: "Aborted",
} satisfies Record<RunStatus, string>;

export const SOURCE_KINDS_SHOWN: Record<string, string> = {
  upload: "Browser upload",
  api: "HTTP API",
  cli: "Command line",
  s3: "S3 sync",
} satisfies Record<SourceKind, string>;

export const FILE_FORMATS: Record<string, string> = {
  "cloudtrail-log": "CloudTrail log file",
  "lookup-events": "lookup-events output",
  "json-array": "JSON array of records",
  ndjson: "NDJSON",
  "single-record": "single record",
  digest: "digest file",
  insights: "Insights file",
  empty: "empty file",
} satisfies Record<FileFormat, string>;

/** "12 new events · 3 duplicates · 1,204 records of other services skipped · 2 rejected". */
export function describeCounts(c: { stored: number; duplicates: number; skipped: number; rejected: number }): string {
  const parts = [`${formatCount(c.stored)} new ${c.stored === 1 ? "event" : "events"}`];
  if (c.duplicates) parts.push(`${formatCount(c.duplicates)} already stored`);
  if (c.skipped)
    parts.push(`${formatCount(c.skipped)} ${c.skipped === 1 ? "record" : "records"} of other services skipped`);
  if (c.rejected) parts.push(`${formatCount(c.rejected)} rejected`);
  return parts.join(" · ");
}

/** "record 12 (line 3, byte 52,113)". */
export function describePosition(p: { index: number; line: number; byteOffset: number }): string {
  return `record ${formatCount(p.index + 1)} (line ${formatCount(p.line)}, byte ${formatCount(p.byteOffset)})`;
}

/** The engine's messages are sentence fragments ("not JSON: …"); shown alone they start a sentence. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
