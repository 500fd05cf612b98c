import { z } from "zod";
import { fileOutcomeSchema } from "@/lib/ingest/file-summary";
import { runStatusSchema } from "@/lib/ingest/run-summary";
import { queryText, single } from "@/lib/search-params/fields";
import { addDays, dayOf, isAccountId, isDay, isRegionName, normalisePrefix } from "./layout";

// S3 sources over the wire (/api/sources/**, the Sources page): the enumerations, the settings a
// person sends, and what the server answers. The server builds answers with these schemas and
// the browser parses them with the same ones. The database checks the same enumerations
// (prisma/migrations/*_s3_sources).

/** A ledger row: queued for a run, being read by a worker, read, or failed after its last retry. */
export const s3ObjectStatusSchema = z.enum(["queued", "reading", "done", "failed"]);
export type S3ObjectStatus = z.infer<typeof s3ObjectStatusSchema>;

/** default: the AWS SDK's provider chain (environment, profile, container or instance role) · keys: a pair entered once. */
export const credentialModeSchema = z.enum(["default", "keys"]);
export type CredentialMode = z.infer<typeof credentialModeSchema>;

export const syncPhaseSchema = z.enum(["listing", "reading"]);
export type SyncPhase = z.infer<typeof syncPhaseSchema>;

export const sourceStatusSchema = z.enum(["idle", "syncing", "paused", "failing"]);
export type SourceStatus = z.infer<typeof sourceStatusSchema>;

/**
 * Why reading or listing failed. The first ones come from S3 (lib/sources/s3-errors.ts), the
 * others from the ingest engine's read errors ("corrupt": not gzip, truncated, not JSON…) or
 * from the queue ("worker-lost": every attempt ended with its worker gone).
 */
export const s3ErrorCodeSchema = z.enum([
  "access-denied",
  "no-such-bucket",
  "no-such-key",
  "wrong-region",
  "unreachable",
  "network",
  "invalid-credentials",
  "no-credentials",
  "assume-role-failed",
  "throttled",
  "no-cloudtrail-layout",
  "corrupt",
  "store-error",
  "worker-lost",
  "other",
]);
export type S3ErrorCode = z.infer<typeof s3ErrorCodeSchema>;

// Settings in -----------------------------------------------------------------------------

/** How often a source may sync: every minute at most, once a week at least (a CHECK constraint too). */
export const SYNC_INTERVAL_MINUTES = { min: 1, max: 7 * 24 * 60 } as const;

/** How far back a new source reads unless told otherwise: a first sync never crawls years unasked. */
export const DEFAULT_START_DAYS = 90;

const accountId = z.string().refine(isAccountId, "must be a 12-digit AWS account id");
const regionName = z.string().refine(isRegionName, "must be an AWS region name such as eu-west-1");
const day = z.string().refine(isDay, "must be a date as YYYY-MM-DD");

const bucketName = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "must be an S3 bucket name (3–63 lower-case letters, digits, . and -)");

const prefix = z
  .string()
  .max(900)
  .transform(normalisePrefix)
  .refine((p) => !/(^|\/)AWSLogs\/$/.test(p), "must be the part before AWSLogs/ (leave AWSLogs/ out)");

const endpoint = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
  .transform((u) => u.replace(/\/+$/, ""));

const roleArn = z
  .string()
  .trim()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
    "must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
  );

export const accessKeysSchema = z.object({
  accessKeyId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{3,128}$/, "must be an access key id (letters and digits)"),
  secretAccessKey: z.string().trim().min(1, "is required").max(256),
  sessionToken: z.string().trim().min(1).max(4096).optional(),
});
export type AccessKeys = z.infer<typeof accessKeysSchema>;

/** Keys are written once and never sent back; `{ mode: "default" }` forgets stored ones. */
export const credentialsInputSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("default") }),
  z.object({ mode: z.literal("keys") }).extend(accessKeysSchema.shape),
]);
export type CredentialsInput = z.infer<typeof credentialsInputSchema>;

const settingsFields = {
  name: z.string().trim().min(1, "is required").max(100),
  bucket: bucketName,
  prefix,
  region: regionName,
  endpoint: endpoint.nullable(),
  forcePathStyle: z.boolean(),
  accounts: z.array(accountId).max(1000),
  awsRegions: z.array(regionName).max(100),
  /** null: everything the bucket holds. */
  startDate: day.nullable(),
  intervalMinutes: z.number().int().min(SYNC_INTERVAL_MINUTES.min).max(SYNC_INTERVAL_MINUTES.max),
  paused: z.boolean(),
  credentials: credentialsInputSchema,
  roleArn: roleArn.nullable(),
};

export function defaultStartDate(now: Date): string {
  return addDays(dayOf(now), -DEFAULT_START_DAYS);
}

export const createSourceSchema = z.strictObject({
  ...settingsFields,
  prefix: settingsFields.prefix.default(""),
  endpoint: settingsFields.endpoint.default(null),
  forcePathStyle: settingsFields.forcePathStyle.default(false),
  accounts: settingsFields.accounts.default([]),
  awsRegions: settingsFields.awsRegions.default([]),
  startDate: settingsFields.startDate.default(() => defaultStartDate(new Date())),
  intervalMinutes: settingsFields.intervalMinutes.default(5),
  paused: settingsFields.paused.default(false),
  credentials: settingsFields.credentials.default({ mode: "default" }),
  roleArn: settingsFields.roleArn.default(null),
});
export type CreateSource = z.infer<typeof createSourceSchema>;

/** Every field optional: only what is sent changes. Credentials absent: the stored ones stay. */
export const updateSourceSchema = z.strictObject(settingsFields).partial();
export type UpdateSource = z.infer<typeof updateSourceSchema>;

export const sourceParamsSchema = z.object({ id: z.string().regex(/^\d{1,18}$/, "must be a source id (digits)") });

const OBJECTS_PAGE = 100;

export const objectsQuerySchema = z.strictObject({
  status: single(s3ObjectStatusSchema.optional()),
  /** Cursor: objects after this key. */
  after: single(queryText(2048).optional()),
  limit: single(z.coerce.number({ error: "expected a number" }).int().min(1).max(500).default(OBJECTS_PAGE)),
});
export type ObjectsQuery = z.infer<typeof objectsQuerySchema>;

/** The ledger's query string for /api/sources/:id/objects; the default limit is left out. */
export function objectsSearchParams(query: Partial<ObjectsQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.status) params.set("status", query.status);
  if (query.after) params.set("after", query.after);
  if (query.limit !== undefined && query.limit !== OBJECTS_PAGE) params.set("limit", String(query.limit));
  return params;
}

// Answers out -----------------------------------------------------------------------------

export const syncProgressSchema = z.object({
  runId: z.string(),
  phase: syncPhaseSchema,
  startedAt: z.string(),
  /** Objects this sync reads (grows while it lists), and how many are finished. */
  objectsTotal: z.number().int(),
  objectsDone: z.number().int(),
  objectsFailed: z.number().int(),
  bytesTotal: z.number(),
  bytesDone: z.number(),
  eventsStored: z.number().int(),
  elapsedMs: z.number().int(),
  bytesPerSecond: z.number(),
  eventsPerSecond: z.number(),
});
export type SyncProgress = z.infer<typeof syncProgressSchema>;

export const lastSyncSchema = z.object({
  runId: z.string(),
  status: runStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});

export const sourceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  bucket: z.string(),
  prefix: z.string(),
  region: z.string(),
  endpoint: z.string().nullable(),
  forcePathStyle: z.boolean(),
  accounts: z.array(z.string()),
  awsRegions: z.array(z.string()),
  startDate: z.string().nullable(),
  intervalMinutes: z.number().int(),
  paused: z.boolean(),
  /** What kind of credentials are stored — never the keys themselves. */
  credentials: z.object({
    mode: credentialModeSchema,
    accessKeyHint: z.string().nullable(),
    roleArn: z.string().nullable(),
  }),
  status: sourceStatusSchema,
  /** Why the last sync could not list the bucket. */
  lastError: z.string().nullable(),
  lastSync: lastSyncSchema.nullable(),
  nextSyncAt: z.string().nullable(),
  objects: z.object({
    /** Log objects in the ledger, read or not. */
    total: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    bytesDone: z.number(),
  }),
  /** Events stored by this source's syncs. */
  eventsStored: z.number().int(),
  progress: syncProgressSchema.nullable(),
});
export type SourceView = z.infer<typeof sourceViewSchema>;

export const sourceListSchema = z.object({ sources: z.array(sourceViewSchema) });
export type SourceList = z.infer<typeof sourceListSchema>;

export const ledgerObjectSchema = z.object({
  key: z.string(),
  etag: z.string(),
  size: z.number(),
  lastModified: z.string(),
  status: s3ObjectStatusSchema,
  outcome: fileOutcomeSchema.nullable(),
  errorCode: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  stored: z.number().int(),
  runId: z.string().nullable(),
  readAt: z.string().nullable(),
});
export type LedgerObject = z.infer<typeof ledgerObjectSchema>;

export const objectListSchema = z.object({
  objects: z.array(ledgerObjectSchema),
  /** Cursor of the next page, null on the last one. */
  nextAfter: z.string().nullable(),
});
export type ObjectList = z.infer<typeof objectListSchema>;

export const layoutFoundSchema = z.object({
  organizationTrail: z.boolean(),
  orgIds: z.array(z.string()),
  accounts: z.array(z.string()),
  regions: z.array(z.string()),
  streams: z.number().int(),
  firstDay: z.string().nullable(),
  lastDay: z.string().nullable(),
  digests: z.boolean(),
  insights: z.boolean(),
});
export type LayoutFound = z.infer<typeof layoutFoundSchema>;

export const connectionReportSchema = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    layout: layoutFoundSchema,
    /** A few log keys seen, as proof. */
    sampleKeys: z.array(z.string()),
    requests: z.number().int(),
  }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: s3ErrorCodeSchema, message: z.string() }),
    requests: z.number().int(),
  }),
]);
export type ConnectionReport = z.infer<typeof connectionReportSchema>;

export const syncRequestedSchema = z.object({ queued: z.boolean(), jobId: z.string().nullable(), message: z.string() });
export type SyncRequested = z.infer<typeof syncRequestedSchema>;
