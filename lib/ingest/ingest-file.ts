import { logger } from "@/lib/log/logger";
import { createHash } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { EventLoopBudget } from "@/lib/async/yield-to-event-loop";
import { poolOf } from "@/lib/db/create-client";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { emptyFileSummary, type FileOutcome, type FileSummary, type Rejection } from "./file-summary";
import { readCloudTrail, ReadError } from "./read/read-cloudtrail";
import type { DecompressedBudget, FileFormat } from "./read/types";
import { toPostgresJson, toPostgresText } from "./postgres-text";
import type { RunHandle } from "./runs";
import { RunWriter } from "./run-writer";
import { formatCount } from "@/lib/format/numbers";

// One file (or S3 object, or request body) from bytes to stored events, streaming:
// bytes → reader (gunzip, split, prefilter) → normalise → the run's batches (run-writer.ts).
// A file with some bad records stores its good ones and lists the bad ones; a fatal
// error (truncated gzip, syntax error) keeps what was stored before it. Each file is
// recorded in ingest_file with its checksum and counts.

export interface IngestOptions {
  maxDecompressedBytes?: number;
  maxRecordBytes?: number;
  requestBudget?: DecompressedBudget;
  signal?: AbortSignal;
  /** Events per database transaction. */
  batchSize?: number;
  /** Record bytes per database transaction: a batch is written when either bound is reached. */
  batchBytes?: number;
  /** How long to wait for a lost database connection to come back (INGEST_DB_RETRY_SECONDS). */
  databaseRetryMs?: number;
  /** How long a batch that a read file waits for may go without a new event (run-writer.ts). */
  idleFlushMs?: number;
  onProgress?: (progress: FileProgress) => void;
  /**
   * A file read whole is left `pending` in ingest_file: the caller sets its outcome in the same
   * statement that records the read elsewhere (an S3 sync's ledger, lib/sources/ledger.ts recordRead),
   * so a process killed between the two leaves a read cut short, never a file read twice.
   */
  outcomeSetByCaller?: boolean;
}

export interface FileProgress {
  name: string;
  bytes: number;
  decompressedBytes: number;
  recordsRead: number;
  stored: number;
}

const MAX_LISTED_REJECTIONS = 100;

/** Counts the bytes that flow through, and hashes them, without holding them. */
async function* measured(
  input: AsyncIterable<Uint8Array>,
  tally: { bytes: number; hash: ReturnType<typeof createHash> },
) {
  for await (const chunk of input) {
    tally.bytes += chunk.byteLength;
    tally.hash.update(chunk);
    yield chunk;
  }
}

/** A file, S3 object or request body to ingest. */
export interface IngestInput {
  name: string;
  content: AsyncIterable<Uint8Array>;
  /** The content's bytes, when known before reading (a file on disk, an S3 object). */
  size?: number;
  /** A digest object's S3 metadata `signature` (lib/completeness). */
  signature?: string | null;
}

/** One file as a run of its own: its events are written in batches of its own. */
export async function ingestFile(
  prisma: PrismaClient,
  run: RunHandle,
  file: IngestInput,
  options: IngestOptions = {},
): Promise<FileSummary> {
  return ingestFileInRun(new RunWriter(prisma, run, options), file, options);
}

/**
 * One file of a run whose files share their batches (lib/ingest/run-writer.ts). `onReadEnd` is
 * called once the file's bytes are read (or its reading failed): the caller may start the next
 * file then, while this one waits for its last events to be written; the summary comes after.
 */
export async function ingestFileInRun(
  writer: RunWriter,
  file: IngestInput,
  options: IngestOptions = {},
  onReadEnd?: () => void,
): Promise<FileSummary> {
  const started = Date.now();
  // Reading starts at once: the file's ingest_file row is written meanwhile (run-writer.ts).
  const sink = writer.openFile(file.name);
  const tally = { bytes: 0, hash: createHash("sha256") };
  const contentHash = createHash("sha256");
  let digest: Record<string, unknown> | null = null;

  const summary = emptyFileSummary(file.name, null);
  const reject = (r: Rejection) => {
    summary.rejected++;
    summary.recordsRead++;
    if (summary.rejections.length < MAX_LISTED_REJECTIONS) summary.rejections.push(r);
  };

  let decompressedBytes = 0;
  let gzip = false;
  const report = () =>
    options.onProgress?.({
      name: file.name,
      bytes: tally.bytes,
      decompressedBytes,
      recordsRead: summary.recordsRead,
      stored: sink.stored,
    });

  let fatal: unknown = null;
  try {
    const reader = readCloudTrail(measured(file.content, tally), {
      maxDecompressedBytes: options.maxDecompressedBytes,
      maxRecordBytes: options.maxRecordBytes,
      requestBudget: options.requestBudget,
      signal: options.signal,
      contentHash,
      inputBytes: file.size,
    });
    // A body that arrives faster than it is parsed would otherwise keep the event loop to
    // itself: inside the web server, every other request would wait for the whole file.
    const budget = new EventLoopBudget(20);
    for await (const item of reader) {
      if (budget.spent()) await budget.yield();
      switch (item.type) {
        case "record": {
          const result = normaliseRecord(item.record, item.raw);
          if (result.ok) {
            summary.recordsRead++;
            await sink.add(withRecordJson(result.event), item.position);
          } else reject({ position: item.position, reason: result.reason });
          break;
        }
        case "skipped":
          summary.skipped += item.count;
          summary.recordsRead += item.count;
          break;
        case "rejected":
          reject({ position: item.position, reason: item.reason });
          break;
        case "format":
          summary.format = item.format;
          summary.note = item.note ?? null;
          break;
        case "progress":
          decompressedBytes = item.decompressedBytes;
          gzip = item.gzip;
          report();
          break;
        case "digest":
          digest = item.digest;
          break;
      }
    }
  } catch (error) {
    fatal = error;
  }
  // Whatever was read before a fatal error is still stored — unless the caller cancelled.
  const committed = sink.finishReading({ keep: !options.signal?.aborted });
  onReadEnd?.();
  await committed;
  // The database was unreachable for longer than the ingest waits: the file fails as a whole, as the
  // run's other statements do.
  const fileId = await sink.id;
  summary.fileId = fileId.toString();
  summary.stored = sink.stored;
  summary.duplicates = sink.duplicates;
  for (const refused of sink.refused) {
    summary.recordsRead--; // counted again as a rejection
    reject(refused);
  }
  fatal ??= sink.error;
  // The run was cancelled after this file was read, before its last batch was written.
  if (sink.dropped > 0)
    fatal ??= new ReadError(
      "aborted",
      `the ingest was cancelled before the last ${formatCount(sink.dropped)} events of this file were stored`,
    );

  if (fatal) {
    summary.error = fatal instanceof Error ? fatal.message : String(fatal);
    summary.errorCode = fatal instanceof ReadError ? fatal.code : "store-error";
    if (!(fatal instanceof ReadError)) logger.error({ err: fatal, file: file.name }, "Ingest of a file failed");
  }
  summary.outcome = outcomeOf(summary, fatal !== null, options.signal?.aborted ?? false);
  summary.bytes = tally.bytes;
  summary.sha256 = fatal ? null : tally.hash.digest("hex");
  // Completeness (lib/completeness): a digest is stored, a log file read whole is matched to digests.
  if (summary.sha256 !== null)
    await writer.completeness.fileRead(summary, {
      fileId,
      name: file.name,
      // Input that is not gzip is its own content: one SHA-256 of its bytes, not two.
      contentSha256: gzip ? contentHash.digest("hex") : summary.sha256,
      digest,
      signature: file.signature,
    });
  summary.durationMs = Date.now() - started;
  report();

  const recorded = options.outcomeSetByCaller && !fatal && !options.signal?.aborted ? "pending" : summary.outcome;
  await writer.closeFile({ fileId, summary, outcome: recorded });
  return summary;
}

/** The record's JSON text, computed now rather than at COPY time so the batch knows its size. */
function withRecordJson(event: NormalisedEvent): NormalisedEvent {
  if (event.recordJson) return event;
  return { ...event, recordJson: Buffer.from(toPostgresJson(event.record)) };
}

/**
 * ingest_file rows for files read whole outside the engine (the digests an S3 sync reads itself,
 * lib/sources/digests.ts): one statement for all of them instead of two each, with everything but
 * the outcome, which stays `pending` until the read is recorded (lib/sources/ledger.ts recordReads).
 * Returns each file's id by name (names are unique in a call).
 */
export async function recordReadFiles(
  prisma: PrismaClient,
  run: RunHandle,
  files: readonly FileSummary[],
): Promise<Map<string, bigint>> {
  if (files.length === 0) return new Map();
  const { rows } = await poolOf(prisma).query<{ id: string; name: string }>(
    `INSERT INTO ingest_file (run_id, name, outcome, format, note, size, sha256, records_read, duration_ms)
     SELECT $1, f.name, 'pending', f.format, f.note, f.size, f.sha256, 0, f.duration_ms
     FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::int[])
       WITH ORDINALITY AS f(name, format, note, size, sha256, duration_ms, n)
     ORDER BY f.n
     RETURNING id, name`,
    [
      run.runId.toString(),
      files.map((f) => toPostgresText(f.name)),
      files.map((f) => f.format),
      files.map((f) => f.note),
      files.map((f) => f.bytes),
      files.map((f) => f.sha256),
      files.map((f) => f.durationMs),
    ],
  );
  return new Map(rows.map((r) => [r.name, BigInt(r.id)]));
}

const SKIPPED_FORMATS: ReadonlySet<FileFormat | null> = new Set(["insights"]);

function outcomeOf(s: FileSummary, fatal: boolean, aborted: boolean): FileOutcome {
  if (aborted && s.stored + s.duplicates === 0) return "not-ingested";
  if (fatal) return s.stored + s.duplicates > 0 ? "partial" : "failed";
  if (s.format === "digest") return "digest";
  if (SKIPPED_FORMATS.has(s.format)) return "skipped";
  if (s.rejected === 0) return "ok";
  return s.stored + s.duplicates + s.skipped > 0 ? "partial" : "failed";
}
