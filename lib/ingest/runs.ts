import type { PrismaClient } from "@/lib/generated/prisma/client";
import { runStatus, runTotals, type CountedFile, type RunStatus, type SourceKind } from "./run-summary";
import { refreshPlannerStatistics } from "./statistics";

export interface RunHandle {
  runId: bigint;
}

/** Opens an ingestion run under its source (created on first use). */
export async function startRun(
  prisma: PrismaClient,
  source: { kind: SourceKind; name: string },
  triggeredBy: string | null = null,
): Promise<RunHandle> {
  const row = await prisma.source.upsert({
    where: { kind_name: { kind: source.kind, name: source.name } },
    create: { kind: source.kind, name: source.name },
    update: {},
    select: { id: true },
  });
  const run = await prisma.ingestRun.create({
    data: { sourceId: row.id, status: "running" satisfies RunStatus, triggeredBy },
    select: { id: true },
  });
  return { runId: run.id };
}

/** Closes a run with totals over its files, as recorded in ingest_file. */
export async function finishRun(
  prisma: PrismaClient,
  run: RunHandle,
  files: readonly CountedFile[],
  options: { aborted?: boolean; error?: string } = {},
): Promise<RunStatus> {
  const status = runStatus(files, options.aborted ?? false);
  const { files: fileCount, bytes, ...counts } = runTotals(files);
  await prisma.ingestRun.update({
    where: { id: run.runId },
    data: { status, finishedAt: new Date(), fileCount, bytes: BigInt(bytes), ...counts, error: options.error ?? null },
  });
  await refreshPlannerStatistics(prisma, counts.stored);
  return status;
}
