import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { FileSummary } from "./file-summary";
import { ingestFile, type IngestOptions } from "./ingest-file";
import type { RunStatus, SourceKind } from "./run-summary";
import { finishRun, startRun } from "./runs";

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

export interface IngestPathsResult {
  runId: string;
  status: RunStatus;
  files: FileSummary[];
}

/**
 * Ingests files from disk as one run. Each file streams; a few are in flight at once so
 * that one file's database writes overlap with the next one's reading and parsing.
 */
export async function ingestPaths(
  prisma: PrismaClient,
  files: InputFile[],
  options: IngestOptions & {
    source: { kind: SourceKind; name: string };
    onFileDone?: (summary: FileSummary, index: number) => void;
    concurrency?: number;
  },
): Promise<IngestPathsResult> {
  const run = await startRun(prisma, options.source);
  const summaries: FileSummary[] = [];
  let next = 0;
  const worker = async () => {
    while (next < files.length && !options.signal?.aborted) {
      const index = next++;
      const file = files[index]!;
      const summary = await ingestFile(prisma, run, { name: file.path, content: createReadStream(file.path) }, options);
      summaries[index] = summary;
      options.onFileDone?.(summary, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 3, files.length) }, worker));
  const status = await finishRun(prisma, run, summaries, { aborted: options.signal?.aborted });
  return { runId: run.runId.toString(), status, files: summaries };
}
