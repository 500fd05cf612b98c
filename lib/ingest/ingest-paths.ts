import { createReadStream } from "node:fs";
import type { Stats } from "node:fs";
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { FileSummary } from "./file-summary";
import { ingestFileInRun, type IngestOptions } from "./ingest-file";
import { RunWriter } from "./run-writer";
import type { RunStatus, SourceKind } from "./run-summary";
import { abortRun, finishRun, startRun } from "./runs";

/** Fewer, larger reads than the 64 KiB default: each chunk costs a trip through the stream machinery. */
const READ_CHUNK_BYTES = 256 * 1024;

export interface InputFile {
  path: string;
  size: number;
}

/** A path given or found that is not read, and why. */
export interface PassedOver {
  path: string;
  reason: string;
}

/**
 * Files and directories (recursively, e.g. a downloaded AWSLogs/ tree), in a stable order.
 * Symbolic links are followed once: a directory already visited (a link loop, or two links to
 * one folder) is passed over, and so is anything that is not a regular file or a directory
 * (a FIFO would block the ingest forever, a device never ends) — each reported with a reason.
 */
export async function listInputFiles(
  paths: string[],
): Promise<{ files: InputFile[]; missing: string[]; passedOver: PassedOver[] }> {
  const files: InputFile[] = [];
  const missing: string[] = [];
  const passedOver: PassedOver[] = [];
  const visited = new Set<string>();
  async function visit(p: string): Promise<void> {
    const link = await lstat(p).catch(() => null);
    if (!link) return void missing.push(p);
    const info = link.isSymbolicLink() ? await stat(p).catch(() => null) : link;
    if (!info) return void passedOver.push({ path: p, reason: "a symbolic link to nothing" });
    if (info.isDirectory()) {
      const real = await realpath(p);
      if (visited.has(real)) {
        return void passedOver.push({ path: p, reason: `a directory already read (${real}): a symbolic link loop?` });
      }
      visited.add(real);
      const entries = (await readdir(p)).filter((name) => !name.startsWith(".")).sort();
      for (const entry of entries) await visit(path.join(p, entry));
    } else if (info.isFile()) files.push({ path: p, size: info.size });
    else passedOver.push({ path: p, reason: `not a regular file (${kindOf(info)})` });
  }
  for (const p of paths) await visit(p);
  return { files, missing, passedOver };
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return "a named pipe";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  return "a special file";
}

export interface IngestPathsResult {
  runId: string;
  status: RunStatus;
  files: FileSummary[];
}

/**
 * Ingests files from disk as one run. Each file streams; a few are read at once, and their
 * events share the run's batches (run-writer.ts): a worker whose file is read goes on to the next
 * file while that one's last events wait for their batch, and each file is reported done
 * (onFileDone, in any order) once its events are written.
 */
export async function ingestPaths(
  prisma: PrismaClient,
  files: InputFile[],
  options: IngestOptions & {
    source: { kind: SourceKind; name: string };
    onFileDone?: (summary: FileSummary, index: number) => void;
    /** The run is open (the CLI closes it itself if it must exit at once). */
    onRun?: (runId: bigint) => void;
    concurrency?: number;
    /** Each file in batches of its own, as before runs shared them (for bench:ingest's comparison). */
    batchPerFile?: boolean;
  },
): Promise<IngestPathsResult> {
  const run = await startRun(prisma, options.source);
  options.onRun?.(run.runId);
  const writer = new RunWriter(prisma, run, options);
  const summaries: FileSummary[] = [];
  const completions: Array<Promise<void>> = [];
  let failure: { error: unknown } | null = null;
  let next = 0;
  const worker = async () => {
    const release = writer.hold();
    try {
      while (next < files.length && !options.signal?.aborted && !failure) {
        const index = next++;
        const file = files[index]!;
        let readEnd!: () => void;
        const read = new Promise<void>((resolve) => (readEnd = resolve));
        const done = ingestFileInRun(
          options.batchPerFile ? new RunWriter(prisma, run, options) : writer,
          {
            name: file.path,
            // A small file is read into a buffer of its size, not of READ_CHUNK_BYTES.
            content: createReadStream(file.path, { highWaterMark: Math.min(READ_CHUNK_BYTES, Math.max(file.size, 1)) }),
            size: file.size,
          },
          options,
          readEnd,
        ).then(
          (summary) => {
            summaries[index] = summary;
            options.onFileDone?.(summary, index);
          },
          (error: unknown) => void (failure ??= { error }),
        );
        completions.push(done);
        await Promise.race([read, done]);
      }
    } finally {
      release();
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 3, files.length) }, worker));
  await Promise.all(completions);
  if (failure) {
    const { error } = failure as { error: unknown };
    // The database went away, or a bug: the run is closed, with what its files did store.
    await abortRun(
      prisma,
      run.runId,
      `the ingest failed: ${error instanceof Error ? error.message : String(error)}`,
    ).catch(
      () => {}, // the database itself is gone: the next start closes the run (runs.ts)
    );
    throw error;
  }
  const status = await finishRun(prisma, run, summaries.filter(Boolean), { aborted: options.signal?.aborted });
  return { runId: run.runId.toString(), status, files: summaries.filter(Boolean) };
}
