import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { FileSummary } from "./file-summary";

export type SourceKind = "upload" | "api" | "cli" | "s3";
export type RunStatus = "running" | "succeeded" | "partial" | "failed" | "aborted";

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
    data: { sourceId: row.id, status: "running", triggeredBy },
    select: { id: true },
  });
  return { runId: run.id };
}

export function runStatus(files: FileSummary[], aborted: boolean): RunStatus {
  if (aborted) return "aborted";
  const failed = files.filter((f) => f.outcome === "failed").length;
  if (failed > 0 && failed === files.length) return "failed";
  if (failed > 0 || files.some((f) => f.outcome === "partial")) return "partial";
  return "succeeded";
}

/** Closes a run with totals over its files, as recorded in ingest_file. */
export async function finishRun(
  prisma: PrismaClient,
  run: RunHandle,
  files: FileSummary[],
  options: { aborted?: boolean; error?: string } = {},
): Promise<RunStatus> {
  const status = runStatus(files, options.aborted ?? false);
  const sum = (pick: (f: FileSummary) => number) => files.reduce((n, f) => n + pick(f), 0);
  await prisma.ingestRun.update({
    where: { id: run.runId },
    data: {
      status,
      finishedAt: new Date(),
      fileCount: files.length,
      bytes: BigInt(sum((f) => f.bytes)),
      recordsRead: sum((f) => f.recordsRead),
      stored: sum((f) => f.stored),
      duplicates: sum((f) => f.duplicates),
      skipped: sum((f) => f.skipped),
      rejected: sum((f) => f.rejected),
      failedFiles: files.filter((f) => f.outcome === "failed").length,
      error: options.error ?? null,
    },
  });
  return status;
}
