import { z } from "zod";
import { fileOutcomeSchema, recordCountsSchema } from "./file-summary";
import { runStatusSchema, runTotalsSchema, sourceKindSchema } from "./run-summary";

// What crosses the wire between POST /api/ingest and its callers (the upload page, curl,
// scripts): the query string, the per-file result, the run result and the NDJSON progress
// lines. The server builds these; the browser parses them with the same schemas. Pure.

/** An id the client chose for its upload, to follow its progress at /api/ingest/progress/:id. */
const uploadIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "must be 8–64 letters, digits, - or _");

/** Strict: an unknown parameter is a 400, so a misspelt one is never silently ignored. */
export const ingestQuerySchema = z.strictObject({
  /** File name for a raw (non-multipart) body; multipart parts carry their own. */
  name: z.string().trim().min(1).max(1024).optional(),
  /** "upload" marks requests from the upload page, so the history can tell them from API calls. */
  source: sourceKindSchema.extract(["upload", "api"]).default("api"),
  upload: uploadIdSchema.optional(),
});
export type IngestQuery = z.infer<typeof ingestQuerySchema>;

export const rejectionSchema = z.object({
  position: z.object({ index: z.number().int(), byteOffset: z.number().int(), line: z.number().int() }),
  reason: z.string(),
});
export type RejectionResult = z.infer<typeof rejectionSchema>;

export const fileResultSchema = z.object({
  /** Position of the file in the request (multipart part order, 0 for a raw body). */
  index: z.number().int().nonnegative(),
  name: z.string(),
  fileId: z.string().nullable(),
  outcome: fileOutcomeSchema,
  format: z.string().nullable(),
  error: z.string().nullable(),
  /** Stable reason code: not-json, not-cloudtrail, truncated-gzip, gzip-error, syntax-error, too-large, aborted, store-error. */
  errorCode: z.string().nullable(),
  note: z.string().nullable(),
  bytes: z.number().nonnegative(),
  sha256: z.string().nullable(),
  ...recordCountsSchema.shape,
  rejections: z.array(rejectionSchema),
  durationMs: z.number().nonnegative(),
});
export type FileResult = z.infer<typeof fileResultSchema>;

export const uploadResultSchema = z.object({
  runId: z.string(),
  status: runStatusSchema,
  /** The run in the ingestion history. */
  url: z.string(),
  /** The events this run stored, in the events explorer. */
  eventsUrl: z.string(),
  totals: runTotalsSchema,
  files: z.array(fileResultSchema),
});
export type UploadResult = z.infer<typeof uploadResultSchema>;

export const problemSchema = z.object({ status: z.number().int(), message: z.string() });

/** Lines of the `Accept: application/x-ndjson` response, in the order they are sent. */
export const uploadEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("run"), runId: z.string(), url: z.string() }),
  z.object({ type: z.literal("file-start"), index: z.number().int(), name: z.string() }),
  z.object({
    type: z.literal("file-progress"),
    index: z.number().int(),
    /** Bytes of the file read so far, as sent (compressed). */
    bytes: z.number(),
    decompressedBytes: z.number(),
    recordsRead: z.number().int(),
    stored: z.number().int(),
  }),
  z.object({ type: z.literal("file-done"), file: fileResultSchema }),
  /** Last line. `httpStatus` is the status a plain JSON request would have had. */
  z.object({
    type: z.literal("done"),
    httpStatus: z.number().int(),
    error: problemSchema.optional(),
    result: uploadResultSchema.nullable(),
  }),
]);
export type UploadEvent = z.infer<typeof uploadEventSchema>;

const doneSchema = z.object({
  httpStatus: z.number().int(),
  error: problemSchema.nullable(),
  result: uploadResultSchema.nullable(),
});

/** GET /api/ingest/progress/:uploadId — where an upload is, for clients that cannot read the answer yet. */
export const liveUploadSnapshotSchema = z.object({
  runId: z.string().nullable(),
  /** By index in the request; a file appears when the server starts reading it. */
  files: z.array(
    z.object({
      index: z.number().int(),
      name: z.string(),
      bytes: z.number(),
      recordsRead: z.number().int(),
      stored: z.number().int(),
      result: fileResultSchema.nullable(),
    }),
  ),
  /** Set once the run is closed. */
  done: doneSchema.nullable(),
});
export type LiveUploadSnapshot = z.infer<typeof liveUploadSnapshotSchema>;

export const uploadIdParamsSchema = z.object({ uploadId: uploadIdSchema });
