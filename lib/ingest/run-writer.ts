import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { NormalisedEvent, RecordPosition } from "@/lib/cloudtrail/types";
import { CompletenessHook } from "@/lib/completeness/ingest-hook";
import { retryWhileConnectionLost } from "@/lib/db/unavailable";
import { env } from "@/lib/env";
import { logger } from "@/lib/log/logger";
import { FileRows, type FileClose } from "./file-rows";
import type { RunHandle } from "./runs";
import { storeBatchIsolated } from "./store";

// The batches of one ingestion run, filled by all of its files. A batch costs PostgreSQL about
// the same fixed time whatever its size (BEGIN, two COPYs, the move's 20-odd statements, COMMIT),
// and a typical trail file holds a few dozen ElastiCache events: one batch per file spent most
// of the server's time on that fixed part. Here the files of a run feed one batch, written when
// it reaches its bounds (events or bytes) or when nothing else can fill it: no file of the run is
// being read and none is about to be (nobody holds the run open), or a file waits for it and no
// event came for IDLE_FLUSH_MS. At most two batches are written at a time (DEFAULT_WRITES_IN_FLIGHT);
// the next one fills meanwhile, and a file that fills it past its bounds waits for a write to end
// before it goes on (memory stays bounded).
//
// A file whose reading is done does not wait for its batch: its reader goes on to the next file,
// and the file's completion (FileSink.committed) resolves once every event it handed over has
// been written — or dropped, when the run was cancelled or the file abandoned. Each file's
// counts come from the database (rows inserted per ingest_file_id); a record the database
// refuses is isolated to itself (storeBatchIsolated) and reported with its own file and position.

export interface RunWriterOptions {
  /** Events per database transaction. */
  batchSize?: number;
  /** Record bytes per database transaction: a batch is written when either bound is reached. */
  batchBytes?: number;
  /** How long to wait for a lost database connection to come back (INGEST_DB_RETRY_SECONDS). */
  databaseRetryMs?: number;
  /** The run's cancellation: once it fires, no batch is written any more (one being written finishes). */
  signal?: AbortSignal;
  /** How long a batch that a read file waits for may go without a new event (IDLE_FLUSH_MS). */
  idleFlushMs?: number;
  /** Batches written at once (DEFAULT_WRITES_IN_FLIGHT). */
  writesInFlight?: number;
}

/**
 * Per batch, PostgreSQL parses and plans the move's statements once (16 µs of its ~280 µs of CPU per event
 * at 1,000 a batch) and upserts each resource, actor-resource and rollup row the batch touches once:
 * at 2,500 (the byte bound below may end a batch first) it wrote 22–28 % fewer resource and actor-resource rows
 * and used ~5 % less CPU per event (docs/benchmarks.md, "Disk per event", session 19).
 */
export const DEFAULT_BATCH_SIZE = 2500;
/**
 * Two batches are written at once: with one, PostgreSQL uses one core while the next batch waits
 * (an all-ElastiCache trail was slower than with a batch per file); two keep both cores busy.
 */
export const DEFAULT_WRITES_IN_FLIGHT = 2;
/**
 * A batch is written once it holds this many bytes of records, whatever its count: one record
 * may be 1 MiB, and a thousand of them held at once (parsed, plus the COPY payload) would cost
 * gigabytes. 1,000 events of the all-ElastiCache bench corpus are ~1.8 MB of records: 4 MiB ends its batches near 2,300.
 */
export const DEFAULT_BATCH_BYTES = 4 * 1024 * 1024;
/** How long a batch that a read file waits for may go without a new event before it is written anyway. */
export const IDLE_FLUSH_MS = 100;

interface Entry {
  sink: FileSink;
  event: NormalisedEvent;
  position: RecordPosition;
  bytes: number;
}

export interface RefusedInFile {
  position: RecordPosition;
  reason: string;
}

/** One file's share of the run's batches. */
export class FileSink {
  /** Events of this file the database inserted. */
  stored = 0;
  /** Events of this file already stored (by another file, run or batch). */
  duplicates = 0;
  /** Records of this file the database refused, with their positions. */
  readonly refused: RefusedInFile[] = [];
  /** Events never written: the run was cancelled, or the file abandoned, before their batch went. */
  dropped = 0;
  /** Why a batch holding events of this file failed (the database gone for good, a bug). */
  error: unknown = null;
  private unsettled = 0;
  /** Still being read: its events may wait for the batch's bounds. */
  reading = true;
  private settle!: () => void;
  /** Resolves once reading is over and every event handed over is written or dropped. */
  readonly committed = new Promise<void>((resolve) => (this.settle = resolve));

  constructor(
    private readonly writer: RunWriter,
    /** The order files were opened in (ingest_file ids rise with it). */
    readonly order: number,
    /** The file's ingest_file id, once its row is written (file-rows.ts). */
    readonly id: Promise<bigint>,
  ) {
    // A row that could not be written fails the batches holding the file's events and the file itself
    // (ingest-file.ts awaits the id); until then the rejection is not unhandled.
    id.catch(() => {});
  }

  /** Hands an event over; waits only when the batch is full and the one before it is still being written. */
  add(event: NormalisedEvent, position: RecordPosition): Promise<void> {
    this.unsettled++;
    return this.writer.add({ sink: this, event, position, bytes: event.recordJson?.length ?? 0 });
  }

  /**
   * The file is read (or its reading failed): `keep: false` drops its events not yet written (a
   * cancelled or refused file stores nothing more). Returns `committed`.
   */
  finishReading(options: { keep: boolean }): Promise<void> {
    if (this.reading) {
      this.reading = false;
      if (!options.keep) this.writer.abandon(this);
      this.writer.readingEnded(this);
      this.check();
    }
    return this.committed;
  }

  /** `count` events of this file were written (or dropped). */
  settled(count: number): void {
    this.unsettled -= count;
    this.check();
  }

  private check(): void {
    if (!this.reading && this.unsettled === 0) this.settle();
  }
}

export class RunWriter {
  private batch: Entry[] = [];
  private bytes = 0;
  private readonly writing = new Set<Promise<void>>();
  private readonly maxWrites: number;
  /** Files being read. */
  private readonly reading = new Set<FileSink>();
  private holds = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private lastAdd = 0;
  private readonly batchSize: number;
  private readonly batchBytes: number;
  private readonly files: FileRows;
  private opened = 0;
  /** Where the run's files read whole go for completeness (a digest stored, a log file matched). */
  readonly completeness: CompletenessHook;
  /** Batches written so far (for tests and benchmarks). */
  batchesWritten = 0;

  constructor(
    private readonly prisma: PrismaClient,
    readonly run: RunHandle,
    private readonly options: RunWriterOptions = {},
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.batchBytes = options.batchBytes ?? DEFAULT_BATCH_BYTES;
    this.maxWrites = options.writesInFlight ?? DEFAULT_WRITES_IN_FLIGHT;
    this.files = new FileRows(prisma, run.runId, (work) => this.retry(work));
    this.completeness = new CompletenessHook(prisma);
  }

  /** A file of the run starts being read: its ingest_file row is written meanwhile (FileSink.id). */
  openFile(name: string): FileSink {
    const sink = new FileSink(this, this.opened++, this.files.open(name));
    this.reading.add(sink);
    return sink;
  }

  /** Records a file's outcome and counts in its ingest_file row, with the rows of files closed meanwhile. */
  closeFile(close: FileClose): Promise<void> {
    return this.files.close(close);
  }

  /**
   * Keeps the run open while more files may come (a worker with files left, an upload whose body
   * goes on): a batch is then not written just because no file is being read at this instant.
   * Returns the release; once every hold is released, a batch nobody fills is written.
   */
  hold(): () => void {
    this.holds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.checkIdle();
    };
  }

  /** @internal FileSink.add */
  add(entry: Entry): Promise<void> {
    this.lastAdd = performance.now();
    this.batch.push(entry);
    this.bytes += entry.bytes;
    return this.full() ? this.flush("full") : Promise.resolve();
  }

  /** @internal FileSink.finishReading */
  readingEnded(sink: FileSink): void {
    this.reading.delete(sink);
    this.checkIdle();
  }

  /** @internal Drops a file's events that are not being written yet. */
  abandon(sink: FileSink): void {
    const kept = this.batch.filter((e) => e.sink !== sink);
    const dropped = this.batch.length - kept.length;
    if (dropped === 0) return;
    this.batch = kept;
    this.bytes = kept.reduce((n, e) => n + e.bytes, 0);
    sink.dropped += dropped;
    sink.settled(dropped);
  }

  private full(): boolean {
    return this.batch.length >= this.batchSize || this.bytes >= this.batchBytes;
  }

  /**
   * Called when a file's reading ends or a hold is released: with no file being read and nobody
   * holding the run open, nothing can fill the batch, so it goes now. Otherwise a file that is
   * read waits for its batch only while the batch still grows: once no event came for
   * IDLE_FLUSH_MS (a stalled upload, a slow source, the gap between two parts), it goes anyway.
   */
  private checkIdle(): void {
    if (this.batch.length === 0) return;
    if (this.reading.size === 0 && this.holds === 0) {
      void this.flush("all");
      return;
    }
    this.armIdleTimer(this.idleMs);
  }

  private get idleMs(): number {
    return this.options.idleFlushMs ?? IDLE_FLUSH_MS;
  }

  private armIdleTimer(ms: number): void {
    if (this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.batch.length === 0) return;
      const quiet = performance.now() - this.lastAdd;
      if (quiet >= this.idleMs) void this.flush("read");
      else this.armIdleTimer(this.idleMs - quiet);
    }, ms);
  }

  /**
   * Writes the batch once the write before it is done. "full": only while it is still full
   * (another caller may have taken it); "all": whatever its size (nothing else can fill it);
   * "read": the events of the files whose reading is over and that no file still being read was
   * opened before (a file still being read keeps its events for the bounds, as it would in a batch
   * of its own: a file cut short stores nothing more).
   * Never rejects: a failed write is recorded on the files it held.
   */
  private async flush(mode: "full" | "all" | "read"): Promise<void> {
    for (;;) {
      if (this.batch.length === 0 || (mode === "full" && !this.full())) return;
      if (this.writing.size >= this.maxWrites) {
        await Promise.race(this.writing);
        continue;
      }
      let entries = this.batch;
      this.batch = [];
      if (mode === "read") {
        // Never ahead of a file opened before it and still being read: of two files holding the
        // same event, the first one opened stores it (storeBatch), batch after batch too.
        let before = Infinity;
        for (const sink of this.reading) before = Math.min(before, sink.order);
        const goes = (e: Entry) => !e.sink.reading && e.sink.order < before;
        this.batch = entries.filter((e) => !goes(e));
        if (this.batch.length > 0) entries = entries.filter(goes);
      }
      this.bytes = this.batch.reduce((n, e) => n + e.bytes, 0);
      if (entries.length === 0) return;
      if (this.options.signal?.aborted) {
        drop(entries);
        return;
      }
      const written: Promise<void> = this.write(entries).then(() => void this.writing.delete(written));
      this.writing.add(written);
      return;
    }
  }

  private async write(entries: Entry[]): Promise<void> {
    const perSink = new Map<FileSink, number>();
    for (const e of entries) perSink.set(e.sink, (perSink.get(e.sink) ?? 0) + 1);
    try {
      const ids = new Map<FileSink, bigint>();
      for (const sink of perSink.keys()) ids.set(sink, await sink.id);
      const result = await storeBatchIsolated(
        this.prisma,
        entries.map((e) => ({ event: e.event, fileId: ids.get(e.sink)! })),
        this.run.runId,
        (work) => this.retry(work, { events: entries.length, files: perSink.size }),
      );
      this.batchesWritten++;
      const refusedPer = new Map<FileSink, number>();
      for (const r of result.refused) {
        const entry = entries[r.index]!;
        entry.sink.refused.push({ position: entry.position, reason: r.reason });
        refusedPer.set(entry.sink, (refusedPer.get(entry.sink) ?? 0) + 1);
      }
      for (const [sink, count] of perSink) {
        const stored = result.storedByFile.get(ids.get(sink)!) ?? 0;
        sink.stored += stored;
        sink.duplicates += count - stored - (refusedPer.get(sink) ?? 0);
      }
    } catch (error) {
      for (const sink of perSink.keys()) sink.error ??= error;
    }
    for (const [sink, count] of perSink) sink.settled(count);
  }

  // PostgreSQL stopped or restarting mid-ingest: the batch waits for it to come back and is sent
  // again (a batch is one transaction, so a lost one was rolled back), then the run goes on.
  private retry<T>(work: () => Promise<T>, batch?: { events: number; files: number }): Promise<T> {
    return retryWhileConnectionLost(work, {
      maxWaitMs: this.options.databaseRetryMs ?? env.INGEST_DB_RETRY_SECONDS * 1000,
      signal: this.options.signal,
      onRetry: (error, waitMs, attempt) =>
        logger.warn(
          { err: error, runId: this.run.runId.toString(), ...batch, attempt },
          `The database is unreachable; trying again in ${(waitMs / 1000).toFixed(1)} s`,
        ),
    });
  }
}

function drop(entries: Entry[]): void {
  const perSink = new Map<FileSink, number>();
  for (const e of entries) perSink.set(e.sink, (perSink.get(e.sink) ?? 0) + 1);
  for (const [sink, count] of perSink) {
    sink.dropped += count;
    sink.settled(count);
  }
}
