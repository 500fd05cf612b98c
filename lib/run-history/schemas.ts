import { z } from "zod";
import { fileOutcomeSchema, recordCountsSchema } from "@/lib/ingest/file-summary";
import { runStatusSchema, sourceKindSchema } from "@/lib/ingest/run-summary";
import { rejectionSchema } from "@/lib/ingest/upload-schemas";
import { single } from "@/lib/search-params/fields";
import { parseLeniently, type IgnoredParameter } from "@/lib/search-params/lenient";
import { ingestionListUrl, ingestionUrl, resourceKeySchema } from "@/lib/urls";

// The ingestion history over the wire: GET /api/ingestions and /api/ingestions/:runId. The
// same schemas parse the pages' search params on the server and the answers in the browser.
// The pages ignore parameters they do not know; the API answers 400 for them (…ApiQuerySchema),
// so a misspelt filter never silently returns every run. Pure.

const id = z.string().regex(/^\d{1,18}$/, "must be a run or file id (digits)");

export const runListQuerySchema = z.object({
  source: single(sourceKindSchema.optional()),
  status: single(runStatusSchema.optional()),
  /** Cursor: runs older than this run id. */
  before: single(id.optional()),
  limit: single(z.coerce.number({ error: "expected a number" }).int().min(1).max(100).default(25)),
});
export type RunListQuery = z.infer<typeof runListQuerySchema>;
export const runListApiQuerySchema = runListQuerySchema.strict();

/** /ingestions: each bad parameter dropped (its message kept for the page's notice), the rest kept. */
export function parseRunListQuery(raw: Readonly<Record<string, unknown>>): {
  value: RunListQuery;
  ignored: IgnoredParameter[];
} {
  return parseLeniently(runListQuerySchema, raw);
}

export const runParamsSchema = z.object({ runId: id });

export const runFilesQuerySchema = z.object({
  /** "problems": files that failed, were not (fully) ingested or had rejected records. */
  files: single(z.enum(["all", "problems"]).default("all")),
  /** Cursor: files after this file id. */
  after: single(id.optional()),
  limit: single(z.coerce.number({ error: "expected a number" }).int().min(1).max(500).default(100)),
});
export type RunFilesQuery = z.infer<typeof runFilesQuerySchema>;
export const runFilesApiQuerySchema = runFilesQuerySchema.strict();

/** /ingestions/:runId: each bad parameter dropped (its message kept for the page's notice), the rest kept. */
export function parseRunFilesQuery(raw: Readonly<Record<string, unknown>>): {
  value: RunFilesQuery;
  ignored: IgnoredParameter[];
} {
  return parseLeniently(runFilesQuerySchema, raw);
}

export const runSummarySchema = z.object({
  id: z.string(),
  status: runStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  /** Who started it; null until sign-in exists. */
  triggeredBy: z.string().nullable(),
  source: z.object({ kind: sourceKindSchema, name: z.string() }),
  fileCount: z.number().int(),
  bytes: z.number(),
  ...recordCountsSchema.shape,
  /** Files that failed (nothing usable in them). */
  failedFiles: z.number().int(),
  /** Files the run ended in the middle of (cancelled, disconnected, crashed). */
  notIngestedFiles: z.number().int(),
  error: z.string().nullable(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const runListSchema = z.object({
  runs: z.array(runSummarySchema),
  /** Cursor of the next (older) page, null on the last one. */
  nextBefore: z.string().nullable(),
});
export type RunList = z.infer<typeof runListSchema>;

/**
 * A file's outcome as shown: the recorded one, except that a file still "pending" is
 * "in-progress" while its run runs and "not-ingested" once the run has ended without it.
 */
export const fileDisplayOutcomeSchema = z.enum([...fileOutcomeSchema.options, "in-progress"]);
export type FileDisplayOutcome = z.infer<typeof fileDisplayOutcomeSchema>;

export const runFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  sha256: z.string().nullable(),
  format: z.string().nullable(),
  outcome: fileDisplayOutcomeSchema,
  error: z.string().nullable(),
  note: z.string().nullable(),
  ...recordCountsSchema.shape,
  rejections: z.array(rejectionSchema),
  startedAt: z.string(),
  durationMs: z.number().nullable(),
});
export type RunFile = z.infer<typeof runFileSchema>;

export const changedResourceSchema = resourceKeySchema.extend({
  /** Successful writes that targeted it, among the events this run stored. */
  changes: z.number().int(),
  events: z.number().int(),
});
export type ChangedResource = z.infer<typeof changedResourceSchema>;

export const runDetailSchema = z.object({
  run: runSummarySchema,
  /** Files per shown outcome, over the whole run. */
  outcomes: z.partialRecord(fileDisplayOutcomeSchema, z.number().int()),
  /** Resources the run's new events changed, most changed first (capped). */
  changedResources: z.array(changedResourceSchema),
  /** All resources the run's new events touched, changed or only read. */
  touchedResources: z.number().int(),
  files: z.array(runFileSchema),
  /** Cursor of the next page of files, null on the last one. */
  nextFilesAfter: z.string().nullable(),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

/** Canonical query string of a list query: defaults left out (for links, fetches and query keys). */
export function runListSearchParams(query: Partial<RunListQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.source) params.set("source", query.source);
  if (query.status) params.set("status", query.status);
  if (query.before) params.set("before", query.before);
  if (query.limit && query.limit !== 25) params.set("limit", String(query.limit));
  return params;
}

export function runFilesSearchParams(query: Partial<RunFilesQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.files && query.files !== "all") params.set("files", query.files);
  if (query.after) params.set("after", query.after);
  if (query.limit && query.limit !== 100) params.set("limit", String(query.limit));
  return params;
}

/** /ingestions?… — the history showing this list. */
export function ingestionsPageUrl(query: Partial<RunListQuery> = {}): string {
  return ingestionListUrl(runListSearchParams(query));
}

/** /ingestions/42?… — a run's page showing these of its files. */
export function ingestionPageUrl(runId: string, query: Partial<RunFilesQuery> = {}): string {
  return ingestionUrl(runId, runFilesSearchParams(query));
}
