import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { recordedFileOutcomeSchema, type FileOutcome, type RecordedFileOutcome } from "@/lib/ingest/file-summary";
import { runStatusSchema, sourceKindSchema, type RunStatus } from "@/lib/ingest/run-summary";
import type { RejectionResult } from "@/lib/ingest/upload-schemas";
import type {
  ChangedResource,
  FileDisplayOutcome,
  RunDetail,
  RunFile,
  RunFilesQuery,
  RunList,
  RunListQuery,
  RunSummary,
} from "./schemas";

// The ingestion history: runs newest first, one run with its files, and what a run changed.

const runSelect = {
  id: true,
  status: true,
  startedAt: true,
  finishedAt: true,
  triggeredBy: true,
  fileCount: true,
  bytes: true,
  recordsRead: true,
  stored: true,
  duplicates: true,
  skipped: true,
  rejected: true,
  failedFiles: true,
  error: true,
  source: { select: { kind: true, name: true } },
} satisfies Prisma.IngestRunSelect;

type RunRow = Prisma.IngestRunGetPayload<{ select: typeof runSelect }>;

type FileCounts = { failed: number; notIngested: number };

function toRunSummary(r: RunRow, files: FileCounts): RunSummary {
  return {
    id: r.id.toString(),
    status: runStatusSchema.parse(r.status),
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
    triggeredBy: r.triggeredBy,
    source: { kind: sourceKindSchema.parse(r.source.kind), name: r.source.name },
    fileCount: r.fileCount,
    bytes: Number(r.bytes),
    recordsRead: r.recordsRead,
    stored: r.stored,
    duplicates: r.duplicates,
    skipped: r.skipped,
    rejected: r.rejected,
    failedFiles: files.failed,
    notIngestedFiles: files.notIngested,
    error: r.error,
  };
}

export async function listRuns(prisma: PrismaClient, query: RunListQuery): Promise<RunList> {
  const rows = await prisma.ingestRun.findMany({
    where: {
      ...(query.source ? { source: { kind: query.source } } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.before ? { id: { lt: BigInt(query.before) } } : {}),
    },
    // Ids grow with time: the cursor is the id, and newest-first is id order.
    orderBy: { id: "desc" },
    take: query.limit + 1,
    select: runSelect,
  });
  const page = rows.slice(0, query.limit);
  const counts = await fileCounts(prisma, page);
  return {
    runs: page.map((r) => toRunSummary(r, counts.get(r.id) ?? { failed: 0, notIngested: 0 })),
    nextBefore: rows.length > query.limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}

/**
 * Failed and not-ingested files per run, from the files themselves: the run's own failed_files
 * counts both, and a file left "pending" by a run that ended is not ingested.
 */
async function fileCounts(prisma: PrismaClient, runs: RunRow[]): Promise<Map<bigint, FileCounts>> {
  const counts = new Map<bigint, FileCounts>();
  if (runs.length === 0) return counts;
  const status = new Map(runs.map((r) => [r.id, runStatusSchema.parse(r.status)]));
  const groups = await prisma.ingestFile.groupBy({
    by: ["runId", "outcome"],
    where: {
      runId: { in: runs.map((r) => r.id) },
      outcome: { in: ["failed", "not-ingested", "pending"] satisfies RecordedFileOutcome[] },
    },
    _count: { _all: true },
  });
  for (const g of groups) {
    const c = counts.get(g.runId) ?? { failed: 0, notIngested: 0 };
    const shown = displayOutcome(g.outcome, status.get(g.runId) ?? "running");
    if (shown === "failed") c.failed += g._count._all;
    if (shown === "not-ingested") c.notIngested += g._count._all;
    counts.set(g.runId, c);
  }
  return counts;
}

/** Whether any run is recorded at all (the empty state of the history). */
export async function hasRuns(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.ingestRun.findFirst({ select: { id: true } })) !== null;
}

export async function getRunDetail(
  prisma: PrismaClient,
  runId: string,
  query: RunFilesQuery,
): Promise<RunDetail | null> {
  const id = BigInt(runId);
  const row = await prisma.ingestRun.findUnique({ where: { id }, select: runSelect });
  if (!row) return null;
  const run = toRunSummary(row, (await fileCounts(prisma, [row])).get(row.id) ?? { failed: 0, notIngested: 0 });
  const [files, outcomes, resources] = await Promise.all([
    runFiles(prisma, id, run.status, query),
    outcomeCounts(prisma, id, run.status),
    changedResources(prisma, id),
  ]);
  return { run, outcomes, ...resources, ...files };
}

/** Rows of a file that did not go well: failed, not (fully) ingested, or with rejected records. */
const problemFiles = {
  OR: [{ outcome: { notIn: ["ok", "skipped", "digest"] satisfies FileOutcome[] } }, { rejected: { gt: 0 } }],
} satisfies Prisma.IngestFileWhereInput;

async function runFiles(prisma: PrismaClient, runId: bigint, runStatus: RunStatus, query: RunFilesQuery) {
  const rows = await prisma.ingestFile.findMany({
    where: {
      runId,
      ...(query.files === "problems" ? problemFiles : {}),
      ...(query.after ? { id: { gt: BigInt(query.after) } } : {}),
    },
    orderBy: { id: "asc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const files: RunFile[] = page.map((f) => ({
    id: f.id.toString(),
    name: f.name,
    size: Number(f.size),
    sha256: f.sha256,
    format: f.format,
    outcome: displayOutcome(f.outcome, runStatus),
    error:
      f.error ??
      (f.outcome === "pending" && runStatus !== "running" ? "the run ended before this file was finished" : null),
    note: f.note,
    recordsRead: f.recordsRead,
    stored: f.stored,
    duplicates: f.duplicates,
    skipped: f.skipped,
    rejected: f.rejected,
    rejections: Array.isArray(f.rejections) ? (f.rejections as unknown as RejectionResult[]) : [],
    startedAt: f.startedAt.toISOString(),
    durationMs: f.durationMs,
  }));
  return { files, nextFilesAfter: rows.length > query.limit ? (page.at(-1)?.id.toString() ?? null) : null };
}

/** ingest_file.outcome as the pages show it; the column's CHECK constraint keeps it to the schema's list. */
function displayOutcome(recorded: string, runStatus: RunStatus): FileDisplayOutcome {
  const outcome = recordedFileOutcomeSchema.parse(recorded);
  if (outcome === "pending") return runStatus === "running" ? "in-progress" : "not-ingested";
  return outcome;
}

async function outcomeCounts(
  prisma: PrismaClient,
  runId: bigint,
  runStatus: RunStatus,
): Promise<Partial<Record<FileDisplayOutcome, number>>> {
  const groups = await prisma.ingestFile.groupBy({ by: ["outcome"], where: { runId }, _count: { _all: true } });
  const counts: Partial<Record<FileDisplayOutcome, number>> = {};
  for (const g of groups) {
    const shown = displayOutcome(g.outcome, runStatus);
    counts[shown] = (counts[shown] ?? 0) + g._count._all;
  }
  return counts;
}

const MAX_CHANGED_RESOURCES = 20;

/**
 * The resources touched by the events this run stored, most changed first. A change is what
 * the resource pages count as one: a successful write that targeted the resource.
 * The run's events are the range of ids it stored (ingest_run's bounds), read on the primary key.
 */
async function changedResources(
  prisma: PrismaClient,
  runId: bigint,
): Promise<{ changedResources: ChangedResource[]; touchedResources: number }> {
  const rows = await prisma.$queryRaw<
    {
      account_id: string;
      region: string;
      kind: string;
      resource_id: string;
      changes: number;
      events: number;
      touched: number;
    }[]
  >(Prisma.sql`
    SELECT r.account_id, r.region, r.kind, r.resource_id,
      count(DISTINCT e.id) FILTER (WHERE er.role = 'target' AND NOT e.read_only AND e.error_code IS NULL)::int AS changes,
      count(DISTINCT e.id)::int AS events,
      (count(*) OVER ())::int AS touched
    FROM event e
    JOIN event_resource er ON er.event_id = e.id
    JOIN resource r ON r.id = er.resource_id
    JOIN ingest_run run ON run.id = ${runId}
    WHERE e.ingest_run_id = run.id AND e.id BETWEEN run.first_event_id AND run.last_event_id
    GROUP BY r.id
    ORDER BY changes DESC, events DESC, r.kind, r.resource_id
    LIMIT ${MAX_CHANGED_RESOURCES}`);
  return {
    changedResources: rows
      .filter((r) => r.changes > 0)
      .map((r) => ({
        accountId: r.account_id,
        region: r.region,
        kind: r.kind,
        resourceId: r.resource_id,
        changes: r.changes,
        events: r.events,
      })),
    touchedResources: rows[0]?.touched ?? 0,
  };
}
