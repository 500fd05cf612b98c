import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { FileSummary } from "./file-summary";
import { ingestFile, type IngestOptions } from "./ingest-file";
import { finishRun, startRun, type RunStatus, type SourceKind } from "./runs";

export interface InputFile {
  path: string;
  size: number;
}

/** Files and directories (recursively, e.g. a downloaded AWSLogs/ tree), in a stable order. */
export async function listInputFiles(paths: string[]): Promise<{ files: InputFile[]; missing: string[] }> {
  const files: InputFile[] = [];
  const missing: string[] = [];
  async function visit(p: string): Promise<void> {
    const info = await stat(p).catch(() => null);
    if (!info) return void missing.push(p);
    if (info.isDirectory()) {
      const entries = (await readdir(p)).filter((name) => !name.startsWith(".")).sort();
      for (const entry of entries) await visit(path.join(p, entry));
    } else if (info.isFile()) files.push({ path: p, size: info.size });
  }
  for (const p of paths) await visit(p);
  return { files, missing };
}

export interface RunSummary {
  runId: string;
  status: RunStatus;
  files: FileSummary[];
}

/** Ingests files from disk as one run. Files go one after another; each streams. */
export async function ingestPaths(
  prisma: PrismaClient,
  files: InputFile[],
  options: IngestOptions & {
    source: { kind: SourceKind; name: string };
    onFileDone?: (summary: FileSummary, index: number) => void;
  },
): Promise<RunSummary> {
  const run = await startRun(prisma, options.source);
  const summaries: FileSummary[] = [];
  for (const [index, file] of files.entries()) {
    if (options.signal?.aborted) break;
    const summary = await ingestFile(prisma, run, { name: file.path, content: createReadStream(file.path) }, options);
    summaries.push(summary);
    options.onFileDone?.(summary, index);
  }
  const status = await finishRun(prisma, run, summaries, { aborted: options.signal?.aborted });
  return { runId: run.runId.toString(), status, files: summaries };
}
