import { logger } from "@/lib/log/logger";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { EventLoopBudget } from "@/lib/async/yield-to-event-loop";
import { formatCount, formatSize } from "@/lib/format/numbers";
import { eventsPageUrl } from "@/lib/events/filters";
import { ingestionUrl } from "@/lib/urls";
import type { FileOutcome } from "./file-summary";
import { ingestFileInRun, type FileProgress } from "./ingest-file";
import { RunWriter } from "./run-writer";
import { ReadError } from "./read/read-cloudtrail";
import { runStatusSchema, runTotals, type RunStatus, type SourceKind } from "./run-summary";
import { finishRun, startRun, type RunHandle } from "./runs";
import { interrupted, interruptionMessage } from "./upload-interrupted";
import type { UploadLimits } from "./upload-limits";
import type { DecompressedBudget } from "./read/types";
import type { FileResult, IngestQuery, UploadResult } from "./upload-schemas";

// One upload request = one ingestion run. Its files go through the engine in order, each
// streamed from the request as it arrives, and their events share the run's batches
// (run-writer.ts), as the CLI's files do. What this module adds to the engine is what
// only an upload has: a size limit on the bytes as sent, and a client that can go away.
//
// The run is opened at the first file (a request refused before that leaves no trace) and is
// always closed, whatever happens to the connection: the `finally` below runs on the server
// whether or not anyone is still waiting for the answer.

export interface IncomingFile {
  name: string;
  content: AsyncIterable<Uint8Array>;
  /** Called after the engine is done with the file: discard what it did not read. */
  finish?: () => Promise<void>;
}

export interface UploadListener {
  onRun?(runId: string): void;
  onFileStart?(index: number, name: string): void;
  onFileProgress?(index: number, progress: FileProgress): void;
  onFileDone?(file: FileResult): void;
}

export interface UploadOptions {
  source: { kind: SourceKind; name: string };
  triggeredBy: string | null;
  limits: UploadLimits;
  /** Fired when the request is cancelled or its connection lost; `reason` says why. */
  upload: AbortController;
  listener?: UploadListener;
  /** Milliseconds between two progress reports of a file. */
  progressIntervalMs?: number;
}

export interface UploadOutcome {
  /** Null when no file arrived (no run was opened). */
  result: UploadResult | null;
  /** What went wrong with the request itself (malformed form, interrupted, internal error). */
  requestError: unknown;
}

export const UPLOAD_SOURCES = {
  upload: { kind: "upload", name: "browser upload" },
  api: { kind: "api", name: "HTTP API" },
} as const satisfies Record<IngestQuery["source"], { kind: SourceKind; name: string }>;

export async function ingestUpload(
  prisma: PrismaClient,
  files: AsyncIterable<IncomingFile> | Iterable<IncomingFile>,
  options: UploadOptions,
): Promise<UploadOutcome> {
  const { upload, listener } = options;
  // Shared by the request's files: a gzip bomb split over many small files is still one bomb.
  const requestBudget: DecompressedBudget = {
    remaining: options.limits.maxRequestDecompressedBytes,
    limit: options.limits.maxRequestDecompressedBytes,
    setting: "INGEST_MAX_REQUEST_DECOMPRESSED_BYTES",
  };
  let run: RunHandle | null = null;
  // The request's files share their batches (run-writer.ts); the request holds the run open
  // until its body ends, so that a batch is not written at every boundary between two parts.
  let writer: RunWriter | null = null;
  let release = () => {};
  const results: FileResult[] = [];
  const inFlight: Array<Promise<unknown>> = [];
  let requestError: unknown = null;
  try {
    let previous: InOrder | null = null;
    for await (const file of files) {
      if (!run) {
        run = await startRun(prisma, options.source, options.triggeredBy);
        writer = new RunWriter(prisma, run);
        release = writer.hold();
      }
      const index = inFlight.length;
      if (index === 0) listener?.onRun?.(run.runId.toString());
      // A file is read while the ones before it wait for their last events to be written.
      const events: InOrder = new InOrder(listener, previous?.finished ?? Promise.resolve());
      previous = events;
      events.call((l) => l.onFileStart?.(index, file.name));
      let bytesRead!: () => void;
      const read = new Promise<void>((resolve) => (bytesRead = resolve));
      const done = ingestOne(
        prisma,
        writer!,
        file,
        index,
        { ...options, listener: events.forwarder() },
        requestBudget,
        bytesRead,
      ).then(
        (result) => {
          results[index] = result;
          events.call((l) => l.onFileDone?.(result), true);
        },
        (error: unknown) => {
          events.call(() => {}, true);
          throw error;
        },
      );
      inFlight.push(done);
      // The next part of the body can only be read once this one has been.
      await Promise.race([read, done]);
      // No early exit when the upload is aborted: parts that had begun to arrive are still
      // yielded (each fails at once, as not ingested) until the body's failure ends the loop.
    }
    release();
    await Promise.all(inFlight);
  } catch (error) {
    requestError = error;
  } finally {
    release();
    await Promise.allSettled(inFlight);
    if (run) await closeRun(prisma, run, results.filter(Boolean), upload.signal, requestError);
  }
  // However the loop ended, an aborted upload is reported as such (not as the read error it caused).
  if (upload.signal.aborted) requestError = upload.signal.reason;
  if (!run) return { result: null, requestError };
  const row = await prisma.ingestRun.findUnique({ where: { id: run.runId }, select: { status: true } });
  const status = row ? runStatusSchema.parse(row.status) : "failed";
  return { result: uploadResult(run.runId.toString(), status, results.filter(Boolean)), requestError };
}

/**
 * One file's calls to the listener, held back until the previous file's last one has gone out:
 * the upload page and the NDJSON API report files in order, whole, one after another.
 */
class InOrder {
  private open = false;
  private readonly held: Array<() => void> = [];
  private finish!: () => void;
  /** Resolves once this file's last call has gone out. */
  readonly finished = new Promise<void>((resolve) => (this.finish = resolve));

  constructor(
    private readonly listener: UploadListener | undefined,
    before: Promise<void>,
  ) {
    void before.then(() => {
      this.open = true;
      for (const call of this.held.splice(0)) {
        // Nobody awaits this flush: a listener's failure must not become an unhandled rejection.
        try {
          call();
        } catch (error) {
          logger.error({ err: error }, "An upload progress listener failed");
        }
      }
    });
  }

  call(fn: (listener: UploadListener) => void, last = false): void {
    const run = () => {
      try {
        if (this.listener) fn(this.listener);
      } finally {
        if (last) this.finish();
      }
    };
    if (this.open) run();
    else this.held.push(run);
  }

  /** For the engine's progress reports. */
  forwarder(): UploadListener {
    return { onFileProgress: (index, progress) => this.call((l) => l.onFileProgress?.(index, progress)) };
  }
}

async function ingestOne(
  prisma: PrismaClient,
  writer: RunWriter,
  file: IncomingFile,
  index: number,
  options: UploadOptions,
  requestBudget: DecompressedBudget,
  bytesRead: () => void,
): Promise<FileResult> {
  const { limits, upload } = options;
  // Stops the engine at once when the file turns out too large or cut short, so it does not
  // store the batch it holds: such a file is refused, not half-read.
  const stopFile = new AbortController();
  const guard = { overLimit: false };
  const interval = options.progressIntervalMs ?? 250;
  let lastReport = 0;
  const summary = await ingestFileInRun(
    writer,
    { name: file.name, content: limitedBytes(file.content, limits.maxFileBytes, guard, stopFile, upload, bytesRead) },
    {
      maxDecompressedBytes: limits.maxDecompressedBytes,
      maxRecordBytes: limits.maxRecordBytes,
      requestBudget,
      // Not the upload's signal: a file whose bytes had all arrived when the client left is
      // finished; the one cut short learns it from its bytes (see limitedBytes).
      signal: stopFile.signal,
      onProgress: (progress) => {
        const now = Date.now();
        if (now - lastReport < interval) return;
        lastReport = now;
        options.listener?.onFileProgress?.(index, progress);
      },
    },
  );
  if (!upload.signal.aborted) await file.finish?.();
  const result: FileResult = { index, ...summary };
  if (guard.overLimit) return recordCorrection(prisma, result, tooLarge(result, limits.maxFileBytes));
  if (summary.errorCode === "aborted" && upload.signal.aborted)
    return recordCorrection(prisma, result, notIngested(result, upload.signal));
  return result;
}

/**
 * How long the ingest may keep the event loop before letting other requests in. When the body
 * arrives faster than it is parsed, every chunk is already buffered and each `await` resolves
 * at once: without a pause, the server would answer nothing else (not even the progress polls)
 * until the upload ends.
 */
const MAX_BUSY_MS = 20;

/** Counts the bytes as sent and stops at one byte over the limit; turns a broken part into an interruption. */
async function* limitedBytes(
  content: AsyncIterable<Uint8Array>,
  maxBytes: number,
  guard: { overLimit: boolean },
  stopFile: AbortController,
  upload: AbortController,
  bytesRead: () => void,
): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  const budget = new EventLoopBudget(MAX_BUSY_MS);
  try {
    for await (const chunk of content) {
      if (budget.spent()) await budget.yield();
      bytes += chunk.byteLength;
      if (bytes > maxBytes) {
        guard.overLimit = true;
        stopFile.abort();
        throw new ReadError("too-large", `the file is larger than the ${formatSize(maxBytes)} limit`);
      }
      yield chunk;
    }
    bytesRead();
  } catch (error) {
    if (error instanceof ReadError && error.code === "too-large") throw error;
    // The bytes stopped coming: the request ended (or was cut) in the middle of this file.
    stopFile.abort();
    if (error instanceof ReadError) throw error;
    throw interrupted(upload, `the request ended in the middle of this file (${(error as Error).message})`);
  }
}

interface Correction {
  outcome: FileOutcome;
  errorCode: string;
  error: string;
}

function storedSomething(f: FileResult): boolean {
  return f.stored + f.duplicates > 0;
}

function tooLarge(f: FileResult, maxBytes: number): Correction {
  const limit = `larger than the ${formatSize(maxBytes)} limit for one file (INGEST_MAX_FILE_BYTES)`;
  return storedSomething(f)
    ? {
        outcome: "partial",
        errorCode: "too-large",
        error: `the file is ${limit}; only the ${formatCount(f.stored + f.duplicates)} events read before the limit were kept`,
      }
    : { outcome: "failed", errorCode: "too-large", error: `the file is ${limit} — it was not ingested` };
}

function notIngested(f: FileResult, signal: AbortSignal): Correction {
  const why = interruptionMessage(signal);
  return storedSomething(f)
    ? {
        outcome: "partial",
        errorCode: "aborted",
        error:
          `${why}; the ${formatCount(f.stored + f.duplicates)} events read before that are kept — ` +
          "upload the file again to finish it (nothing is stored twice)",
      }
    : { outcome: "not-ingested", errorCode: "aborted", error: `${why} — this file was not ingested` };
}

async function recordCorrection(prisma: PrismaClient, result: FileResult, c: Correction): Promise<FileResult> {
  if (result.fileId) {
    await prisma.ingestFile.update({
      where: { id: BigInt(result.fileId) },
      data: { outcome: c.outcome, error: c.error },
    });
  }
  return { ...result, ...c };
}

async function closeRun(
  prisma: PrismaClient,
  run: RunHandle,
  results: FileResult[],
  signal: AbortSignal,
  requestError: unknown,
) {
  try {
    // A file whose row the engine could not finish (the database failed mid-file) is not left pending.
    await prisma.ingestFile.updateMany({
      where: { runId: run.runId, outcome: "pending" },
      data: { outcome: "not-ingested", error: "the run ended before this file was finished", finishedAt: new Date() },
    });
    const error = signal.aborted
      ? interruptionMessage(signal)
      : requestError
        ? describeRequestError(requestError)
        : undefined;
    await finishRun(prisma, run, results, { aborted: signal.aborted, error });
  } catch (error) {
    logger.error({ err: error, runId: String(run.runId) }, "Could not close an ingestion run");
  }
}

function describeRequestError(error: unknown): string {
  return error instanceof Error && (error.name === "MalformedMultipart" || error.name === "RequestLimitExceeded")
    ? error.message
    : "internal error — the server log has the details";
}

export function uploadResult(runId: string, status: RunStatus, files: FileResult[]): UploadResult {
  return {
    runId,
    status,
    url: ingestionUrl(runId),
    eventsUrl: eventsPageUrl({ run: runId }),
    totals: runTotals(files),
    files,
  };
}
