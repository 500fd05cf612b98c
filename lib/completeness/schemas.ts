// The completeness wing's enums and wire shapes, pure: shared by the API, the CLI and the page.

import { z } from "zod";
import { queryText, single, utcDay } from "@/lib/search-params/fields";

/**
 * A digest's signature: `unchecked` until verified; `no-signature` when neither S3 metadata nor a
 * later digest carries it; `no-key` when no public key with its fingerprint is loaded.
 */
export const digestSignatureStatusSchema = z.enum(["unchecked", "no-signature", "no-key", "valid", "invalid"]);
export type DigestSignatureStatus = z.infer<typeof digestSignatureStatusSchema>;

/** Where a public key came from: `npm run keys -- import`, the Sources page, or ListPublicKeys of an S3 source. */
export const keyOriginSchema = z.enum(["cli", "upload", "aws"]);
export type KeyOrigin = z.infer<typeof keyOriginSchema>;

/** A "Fetch now" of one missing log file: waiting for a worker, being read, read, or refused/failed. */
export const fetchStatusSchema = z.enum(["queued", "reading", "done", "failed"]);
export type FetchStatus = z.infer<typeof fetchStatusSchema>;

/** A day cell of the heatmap, worst first. */
export const cellStatusSchema = z.enum(["modified", "missing", "no-digest", "complete", "empty"]);
export type CellStatus = z.infer<typeof cellStatusSchema>;

/** The longest range one request may cover: a year and a day. */
export const MAX_RANGE_DAYS = 366;
/** Ranges up to this many days also get their hours (the drill-down). */
export const HOURS_UP_TO_DAYS = 7;
/** The longest list of missing, modified or unnamed files one answer carries (counts stay exact). */
export const MAX_LISTED_FILES = 500;

/** `?from=&to=&account=&region=` of /api/completeness, /completeness and the CLI; days are UTC, both included. */
export const completenessQuerySchema = z
  .object({
    from: single(utcDay),
    to: single(utcDay),
    account: single(
      z
        .string()
        .regex(/^\d{12}$/, "a 12-digit account id")
        .optional(),
    ),
    region: single(
      z
        .string()
        .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "a region like us-east-1")
        .optional(),
    ),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: "from must not be after to", path: ["to"] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_RANGE_DAYS, {
    message: `at most ${MAX_RANGE_DAYS} days`,
    path: ["to"],
  });
export type CompletenessQuery = z.infer<typeof completenessQuerySchema>;

const stream = { account: z.string(), region: z.string() };

export const coverageCellSchema = z.object({
  ...stream,
  /** "2026-11-12" for a day, "2026-11-12T14:00:00.000Z" for an hour. */
  at: z.string(),
  digests: z.number().int(),
  logFiles: z.number().int(),
  read: z.number().int(),
  missing: z.number().int(),
  modified: z.number().int(),
  /** Digests in this cell whose previous digest is not stored. */
  chainGaps: z.number().int(),
  status: cellStatusSchema,
});
export type CoverageCell = z.infer<typeof coverageCellSchema>;

export const namedFileSchema = z.object({
  ...stream,
  /** The hour of the digest that names it. */
  hour: z.string(),
  key: z.string(),
  bucket: z.string(),
  digestKey: z.string(),
  expectedSha256: z.string(),
  /** The read file it was matched to (modified files), its name and its content hash. */
  fileId: z.string().nullable(),
  fileName: z.string().nullable(),
  actualSha256: z.string().nullable(),
  events: z.number().int().nullable(),
  /** Missing files: the S3 source whose bucket and prefix cover the key ("Fetch now"), or null (upload it). */
  sourceName: z.string().nullable(),
});
export type NamedFile = z.infer<typeof namedFileSchema>;

export const unnamedFileSchema = z.object({
  fileId: z.string(),
  name: z.string(),
  account: z.string().nullable(),
  region: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  events: z.number().int(),
});
export type UnnamedFile = z.infer<typeof unnamedFileSchema>;

export const chainGapSchema = z.object({
  ...stream,
  trail: z.string(),
  /** The digest whose previous digest is absent (or does not hash to what it says). */
  digestKey: z.string(),
  hour: z.string(),
  previousKey: z.string(),
  reason: z.enum(["missing", "hash-mismatch"]),
});
export type ChainGap = z.infer<typeof chainGapSchema>;

export const signatureProblemSchema = z.object({
  ...stream,
  digestKey: z.string(),
  hour: z.string(),
  status: digestSignatureStatusSchema,
});

export const completenessSummarySchema = z.object({
  digests: z.number().int(),
  logFiles: z.number().int(),
  read: z.number().int(),
  missing: z.number().int(),
  modified: z.number().int(),
  unnamed: z.number().int(),
  chainGaps: z.number().int(),
  signatures: z.object({
    valid: z.number().int(),
    invalid: z.number().int(),
    /** No signature known, or no public key loaded for it, or not checked yet. */
    unverified: z.number().int(),
  }),
});
export type CompletenessSummary = z.infer<typeof completenessSummarySchema>;

export const completenessReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  account: z.string().nullable(),
  region: z.string().nullable(),
  summary: completenessSummarySchema,
  /** The account × region streams with a digest or a read file in the range. */
  streams: z.array(z.object(stream)),
  days: z.array(coverageCellSchema),
  /** Only for ranges of up to HOURS_UP_TO_DAYS days. */
  hours: z.array(coverageCellSchema).nullable(),
  missing: z.array(namedFileSchema),
  modified: z.array(namedFileSchema),
  unnamed: z.array(unnamedFileSchema),
  chainGaps: z.array(chainGapSchema),
  signatureProblems: z.array(signatureProblemSchema),
});
export type CompletenessReport = z.infer<typeof completenessReportSchema>;

export const loadedKeySchema = z.object({
  fingerprint: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  origin: keyOriginSchema,
  /** The user who uploaded it, or the S3 source it was fetched for. */
  loadedBy: z.string().nullable(),
  loadedAt: z.string(),
  digestsVerified: z.number().int(),
});
export type LoadedKey = z.infer<typeof loadedKeySchema>;

/** GET /api/completeness/keys: the keys loaded, and the last ListPublicKeys attempt of each S3 source. */
export const keysResponseSchema = z.object({
  keys: z.array(loadedKeySchema),
  fetches: z.array(
    z.object({ source: z.string(), attemptedAt: z.string(), keys: z.number().int(), error: z.string().nullable() }),
  ),
});
export type KeysResponse = z.infer<typeof keysResponseSchema>;

/**
 * POST /api/completeness/keys: the largest key file accepted (ListPublicKeys JSON of a region's keys
 * is a few KB; JSON bodies stop at 64 KB).
 */
export const MAX_KEY_FILE_BYTES = 48 * 1024;

/** The body of POST /api/completeness/keys: a key file's text, as `npm run keys -- import` reads it. */
export const keyUploadSchema = z
  .object({
    fileName: z.string().max(500).optional(),
    text: z.string().min(1, "the file is empty").max(MAX_KEY_FILE_BYTES, `at most ${MAX_KEY_FILE_BYTES} characters`),
  })
  .strict();
export type KeyUpload = z.infer<typeof keyUploadSchema>;

export const keyUploadResultSchema = z.object({
  imported: z.number().int(),
  fingerprints: z.array(z.string()),
  digestsChecked: z.number().int(),
  message: z.string(),
});
export type KeyUploadResult = z.infer<typeof keyUploadResultSchema>;

/** POST /api/completeness/fetch: one log file a digest names and nobody read. */
export const fetchRequestSchema = z
  .object({
    bucket: z.string().min(3).max(63),
    key: z.string().min(1).max(1024),
  })
  .strict();
export type FetchRequest = z.infer<typeof fetchRequestSchema>;

/** A "Fetch now" and where it stands. */
export const missingFileFetchSchema = z.object({
  id: z.string(),
  bucket: z.string(),
  key: z.string(),
  source: z.string(),
  status: fetchStatusSchema,
  outcome: z.string().nullable(),
  /** The ingestion run that read it (its page shows the file). */
  runId: z.string().nullable(),
  error: z.string().nullable(),
  requestedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type MissingFileFetch = z.infer<typeof missingFileFetchSchema>;

/** GET /api/completeness/fetch?key=…: the latest fetch of each key asked about. */
export const fetchListSchema = z.object({ fetches: z.array(missingFileFetchSchema) });
export type FetchList = z.infer<typeof fetchListSchema>;

export const fetchQuerySchema = z
  .object({
    key: z.preprocess(
      (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
      z
        .array(queryText(1024).refine((key) => key !== "", "must not be empty"))
        .min(1, "at least one key")
        .max(MAX_LISTED_FILES),
    ),
  })
  .strict();
