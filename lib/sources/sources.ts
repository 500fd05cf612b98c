import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { fileOutcomeSchema } from "@/lib/ingest/file-summary";
import { runStatusSchema, type RunStatus } from "@/lib/ingest/run-summary";
import { SourceError } from "./errors";
import { dayOf, type Day } from "./layout";
import { runCounts } from "./ledger";
import type { ListingState, StreamFilter } from "./plan";
import type { ConnectionSettings } from "./s3-client";
import {
  credentialModeSchema,
  s3ObjectStatusSchema,
  syncPhaseSchema,
  type CreateSource,
  type CredentialMode,
  type LedgerObject,
  type ObjectList,
  type ObjectsQuery,
  type SourceStatus,
  type SourceView,
  type SyncProgress,
  type UpdateSource,
} from "./schemas";
import { accessKeyHint, openCredentials, SecretKeyMissingError, sealCredentials } from "./secret-box";

// S3 sources as stored: created, edited, paused, removed, and shown with their sync's state.
// Credentials go in sealed (secret-box.ts) and never come out of here except to build a client.

const sourceSelect = {
  sourceId: true,
  bucket: true,
  prefix: true,
  region: true,
  endpoint: true,
  forcePathStyle: true,
  accounts: true,
  awsRegions: true,
  startDate: true,
  intervalMinutes: true,
  paused: true,
  credentialMode: true,
  sealedCredentials: true,
  accessKeyHint: true,
  roleArn: true,
  currentRunId: true,
  phase: true,
  lastError: true,
  nextSyncAt: true,
  listedThrough: true,
  streams: true,
  fullListingAt: true,
  source: { select: { name: true } },
} satisfies Prisma.S3SourceSelect;

type SourceRow = Prisma.S3SourceGetPayload<{ select: typeof sourceSelect }>;

/** A source as a sync needs it: where to read, with what credentials, which days and streams. */
export interface SyncSource {
  id: bigint;
  name: string;
  connection: ConnectionSettings;
  filter: StreamFilter;
  startDate: Day | null;
  listing: ListingState;
  paused: boolean;
  intervalMinutes: number;
}

const dateOnly = (day: string | null) => (day === null ? null : new Date(`${day}T00:00:00Z`));

function toSyncSource(row: SourceRow, secretKey: string | undefined): SyncSource {
  return {
    id: row.sourceId,
    name: row.source.name,
    connection: {
      bucket: row.bucket,
      prefix: row.prefix,
      region: row.region,
      endpoint: row.endpoint,
      forcePathStyle: row.forcePathStyle,
      credentials:
        row.credentialMode === "keys" && row.sealedCredentials
          ? { mode: "keys", keys: openCredentials(secretKey, row.sealedCredentials, row.sourceId) }
          : { mode: "default" },
      roleArn: row.roleArn,
    },
    filter: { accounts: row.accounts, awsRegions: row.awsRegions },
    startDate: row.startDate ? dayOf(row.startDate) : null,
    listing: {
      listedThrough: row.listedThrough ? dayOf(row.listedThrough) : null,
      knownStreams: row.streams,
      fullListingAt: row.fullListingAt,
    },
    paused: row.paused,
    intervalMinutes: row.intervalMinutes,
  };
}

async function sourceRow(prisma: PrismaClient, id: bigint): Promise<SourceRow> {
  const row = await prisma.s3Source.findUnique({ where: { sourceId: id }, select: sourceSelect });
  if (!row) throw new SourceError("not-found", `There is no S3 source ${id}.`);
  return row;
}

/** Throws SealedCredentialsError when stored keys cannot be opened with this secret key. */
export async function loadSyncSource(
  prisma: PrismaClient,
  id: bigint,
  secretKey: string | undefined,
): Promise<SyncSource> {
  return toSyncSource(await sourceRow(prisma, id), secretKey);
}

function sealedFields(
  credentials: CreateSource["credentials"],
  secretKey: string | undefined,
  sourceId: bigint,
): { credentialMode: CredentialMode; sealedCredentials: string | null; accessKeyHint: string | null } {
  if (credentials.mode === "default")
    return { credentialMode: "default", sealedCredentials: null, accessKeyHint: null };
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  return {
    credentialMode: "keys",
    sealedCredentials: sealCredentials(secretKey, { accessKeyId, secretAccessKey, sessionToken }, sourceId),
    accessKeyHint: accessKeyHint(accessKeyId),
  };
}

function conflictOnName(error: unknown, name: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
    throw new SourceError("conflict", `A source named "${name}" already exists.`);
  throw error;
}

export async function createSource(
  prisma: PrismaClient,
  input: CreateSource,
  secretKey: string | undefined,
): Promise<bigint> {
  // Refused before anything is written: keys are never stored unsealed, not even for a moment.
  if (input.credentials.mode === "keys" && !secretKey) throw new SecretKeyMissingError();
  return prisma
    .$transaction(async (tx) => {
      // A removed source keeps its row (its runs refer to it): adding one of the same name takes it back.
      const existing = await tx.source.findUnique({
        where: { kind_name: { kind: "s3", name: input.name } },
        select: { id: true, s3: { select: { sourceId: true } } },
      });
      if (existing?.s3) throw new SourceError("conflict", `A source named "${input.name}" already exists.`);
      const source =
        existing ?? (await tx.source.create({ data: { kind: "s3", name: input.name }, select: { id: true } }));
      await tx.s3Source.create({
        data: {
          sourceId: source.id,
          bucket: input.bucket,
          prefix: input.prefix,
          region: input.region,
          endpoint: input.endpoint,
          forcePathStyle: input.forcePathStyle,
          accounts: input.accounts,
          awsRegions: input.awsRegions,
          startDate: dateOnly(input.startDate),
          intervalMinutes: input.intervalMinutes,
          paused: input.paused,
          roleArn: input.roleArn,
          ...sealedFields(input.credentials, secretKey, source.id),
        },
      });
      return source.id;
    })
    .catch((error: unknown) => conflictOnName(error, input.name));
}

/** Settings that decide which keys a sync lists: changing one makes the next listing a full one. */
const LISTING_FIELDS = ["bucket", "prefix", "region", "endpoint", "accounts", "awsRegions", "startDate"] as const;

export async function updateSource(
  prisma: PrismaClient,
  id: bigint,
  patch: UpdateSource,
  secretKey: string | undefined,
): Promise<void> {
  if (patch.credentials?.mode === "keys" && !secretKey) throw new SecretKeyMissingError();
  await sourceRow(prisma, id);
  const { name, credentials, startDate, ...fields } = patch;
  const relist = LISTING_FIELDS.some((f) => patch[f] !== undefined);
  try {
    await prisma.$transaction([
      ...(name !== undefined ? [prisma.source.update({ where: { id }, data: { name } })] : []),
      prisma.s3Source.update({
        where: { sourceId: id },
        data: {
          ...fields,
          ...(startDate !== undefined ? { startDate: dateOnly(startDate) } : {}),
          ...(credentials ? sealedFields(credentials, secretKey, id) : {}),
          ...(relist ? { listedThrough: null, streams: [], fullListingAt: null } : {}),
          // Resuming, or a new interval, takes effect at the next scheduler tick.
          ...(patch.paused === false || patch.intervalMinutes !== undefined ? { nextSyncAt: null } : {}),
        },
      }),
    ]);
  } catch (error) {
    conflictOnName(error, name ?? "");
  }
}

/**
 * Removes a source's settings and ledger. Its runs and the events they stored stay (they are
 * history); a sync in progress is closed first by the caller (sync.ts abortRun).
 */
export async function deleteSource(prisma: PrismaClient, id: bigint): Promise<void> {
  await sourceRow(prisma, id);
  await prisma.s3Source.delete({ where: { sourceId: id } });
}

/** Sources whose next periodic sync is due: not paused, not syncing, their interval elapsed. */
export async function dueSourceIds(prisma: PrismaClient, now: Date): Promise<bigint[]> {
  const rows = await prisma.s3Source.findMany({
    where: { paused: false, currentRunId: null, OR: [{ nextSyncAt: null }, { nextSyncAt: { lte: now } }] },
    select: { sourceId: true },
    orderBy: { sourceId: "asc" },
  });
  return rows.map((r) => r.sourceId);
}

/** A sync could not even start (its stored keys cannot be opened): the source shows why. */
export async function recordSourceError(prisma: PrismaClient, id: bigint, message: string): Promise<void> {
  await prisma.s3Source.updateMany({ where: { sourceId: id }, data: { lastError: message } });
}

export async function sourceIds(prisma: PrismaClient): Promise<bigint[]> {
  const rows = await prisma.s3Source.findMany({ select: { sourceId: true }, orderBy: { sourceId: "asc" } });
  return rows.map((r) => r.sourceId);
}

export async function listSourceViews(prisma: PrismaClient): Promise<SourceView[]> {
  return Promise.all((await sourceIds(prisma)).map((id) => getSourceView(prisma, id)));
}

function statusOf(row: SourceRow, lastRunStatus: RunStatus | null): SourceStatus {
  if (row.currentRunId !== null) return "syncing";
  if (row.paused) return "paused";
  if (row.lastError !== null || lastRunStatus === "failed") return "failing";
  return "idle";
}

async function progressOf(prisma: PrismaClient, row: SourceRow, now: Date): Promise<SyncProgress | null> {
  if (row.currentRunId === null) return null;
  const [run, counts] = await Promise.all([
    prisma.ingestRun.findUnique({ where: { id: row.currentRunId }, select: { startedAt: true } }),
    runCounts(prisma, row.currentRunId),
  ]);
  if (!run) return null;
  const elapsedMs = Math.max(now.getTime() - run.startedAt.getTime(), 0);
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  return {
    runId: row.currentRunId.toString(),
    phase: syncPhaseSchema.parse(row.phase ?? "listing"),
    startedAt: run.startedAt.toISOString(),
    objectsTotal: counts.total,
    objectsDone: counts.finished,
    objectsFailed: counts.failed,
    bytesTotal: counts.bytesTotal,
    bytesDone: counts.bytesDone,
    eventsStored: counts.stored,
    elapsedMs,
    bytesPerSecond: Math.round(counts.bytesDone / seconds),
    eventsPerSecond: Math.round(counts.stored / seconds),
  };
}

export async function getSourceView(prisma: PrismaClient, id: bigint, now = new Date()): Promise<SourceView> {
  const row = await sourceRow(prisma, id);
  const [lastRun, objects, finishedEvents, progress] = await Promise.all([
    prisma.ingestRun.findFirst({
      where: { sourceId: id },
      orderBy: { id: "desc" },
      select: { id: true, status: true, startedAt: true, finishedAt: true, error: true },
    }),
    prisma.$queryRaw<{ total: number; done: number; failed: number; bytes_done: bigint }[]>`
      SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'done')::int AS done,
        count(*) FILTER (WHERE status = 'failed')::int AS failed,
        coalesce(sum(size) FILTER (WHERE status = 'done'), 0)::bigint AS bytes_done
      FROM s3_object WHERE source_id = ${id}`,
    prisma.ingestRun.aggregate({ where: { sourceId: id, finishedAt: { not: null } }, _sum: { stored: true } }),
    progressOf(prisma, row, now),
  ]);
  const counts = objects[0]!;
  const lastSync = lastRun && {
    runId: lastRun.id.toString(),
    status: runStatusSchema.parse(lastRun.status),
    startedAt: lastRun.startedAt.toISOString(),
    finishedAt: lastRun.finishedAt?.toISOString() ?? null,
    error: lastRun.error,
  };
  return {
    id: id.toString(),
    name: row.source.name,
    bucket: row.bucket,
    prefix: row.prefix,
    region: row.region,
    endpoint: row.endpoint,
    forcePathStyle: row.forcePathStyle,
    accounts: row.accounts,
    awsRegions: row.awsRegions,
    startDate: row.startDate ? dayOf(row.startDate) : null,
    intervalMinutes: row.intervalMinutes,
    paused: row.paused,
    credentials: {
      mode: credentialModeSchema.parse(row.credentialMode),
      accessKeyHint: row.accessKeyHint,
      roleArn: row.roleArn,
    },
    status: statusOf(row, lastSync?.status ?? null),
    lastError: row.lastError,
    lastSync,
    nextSyncAt: row.paused ? null : (row.nextSyncAt?.toISOString() ?? null),
    objects: {
      total: counts.total,
      done: counts.done,
      failed: counts.failed,
      bytesDone: Number(counts.bytes_done),
    },
    eventsStored: (finishedEvents._sum.stored ?? 0) + (progress?.eventsStored ?? 0),
    progress,
  };
}

export async function listObjects(prisma: PrismaClient, id: bigint, query: ObjectsQuery): Promise<ObjectList> {
  await sourceRow(prisma, id);
  const rows = await prisma.s3Object.findMany({
    where: {
      sourceId: id,
      ...(query.status ? { status: query.status } : {}),
      ...(query.after ? { key: { gt: query.after } } : {}),
    },
    orderBy: { key: "asc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    objects: page.map((r): LedgerObject => ({
      key: r.key,
      etag: r.etag,
      size: Number(r.size),
      lastModified: r.lastModified.toISOString(),
      status: s3ObjectStatusSchema.parse(r.status),
      outcome: r.outcome === null ? null : fileOutcomeSchema.parse(r.outcome),
      errorCode: r.errorCode,
      error: r.error,
      attempts: r.attempts,
      stored: r.stored,
      runId: r.runId?.toString() ?? null,
      readAt: r.readAt?.toISOString() ?? null,
    })),
    nextAfter: rows.length > query.limit ? (page.at(-1)?.key ?? null) : null,
  };
}

/**
 * The source a CLI sync of s3://bucket/prefix works through (its ledger is what makes a re-run
 * fetch nothing): created on first use, paused — it has no schedule until someone resumes it.
 */
export async function cliSource(
  prisma: PrismaClient,
  where: { bucket: string; prefix: string; region: string; endpoint: string | null; forcePathStyle: boolean },
): Promise<bigint> {
  const name = `s3://${where.bucket}/${where.prefix}${where.endpoint ? ` at ${where.endpoint}` : ""}`;
  const existing = await prisma.source.findUnique({
    where: { kind_name: { kind: "s3", name } },
    select: { id: true, s3: { select: { sourceId: true } } },
  });
  if (existing?.s3) {
    await prisma.s3Source.update({
      where: { sourceId: existing.id },
      data: { region: where.region, forcePathStyle: where.forcePathStyle },
    });
    return existing.id;
  }
  return createSource(
    prisma,
    {
      name,
      ...where,
      accounts: [],
      awsRegions: [],
      startDate: null,
      intervalMinutes: 5,
      paused: true,
      credentials: { mode: "default" },
      roleArn: null,
    },
    undefined,
  );
}
