import type { PrismaClient } from "@/lib/generated/prisma/client";
import { Grouped } from "@/lib/async/grouped";
import { poolOf } from "@/lib/db/create-client";
import type { FileOutcome, FileSummary } from "./file-summary";
import { toPostgresJson, toPostgresText } from "./postgres-text";

// A run's ingest_file rows, written in groups. Each file of a run used to open its row with an INSERT
// it waited for before reading a byte, and close it with an UPDATE of its own: on a trail of small
// files those round trips were a large part of each file's time, and at the start of a run the first
// files waited for new pool connections (docs/benchmarks.md, "Ingest", session 30). Now a file is
// read at once; its row is inserted with the rows of the files opened meanwhile, one statement at a
// time, and a batch holding its events waits for the row (the events' foreign key). Closes go the
// same way. ingest_file ids still rise in the order files are opened (storeBatch keeps the event
// two files share in the file opened first): a group's rows are numbered in order, and a group
// is sent only once the one before it returned.

export interface FileClose {
  fileId: bigint;
  summary: FileSummary;
  outcome: FileOutcome | "pending";
}

export class FileRows {
  private readonly opens: Grouped<string, bigint>;
  private readonly closes: Grouped<FileClose, undefined>;

  constructor(
    prisma: PrismaClient,
    runId: bigint,
    /** Sends a statement again while the database is unreachable. */
    retry: <T>(work: () => Promise<T>) => Promise<T>,
  ) {
    this.opens = new Grouped((names) => retry(() => insertFiles(prisma, runId, names)));
    this.closes = new Grouped(async (files) => {
      await retry(() => updateFiles(prisma, files));
      return files.map(() => undefined);
    });
  }

  /** The file's row, `pending` until closed; its id (rejects when the row could not be written). */
  open(name: string): Promise<bigint> {
    return this.opens.add(name);
  }

  /** Records the file's outcome and counts. */
  async close(file: FileClose): Promise<void> {
    await this.closes.add(file);
  }
}

async function insertFiles(prisma: PrismaClient, runId: bigint, names: string[]): Promise<bigint[]> {
  // The rows take their ids from the sequence in the ORDER BY's order (as recordReadFiles relies on):
  // the ids, sorted, are the names' in the order given.
  const { rows } = await poolOf(prisma).query<{ id: string }>(
    `INSERT INTO ingest_file (run_id, name, outcome)
     SELECT $1, f.name, 'pending' FROM unnest($2::text[]) WITH ORDINALITY AS f(name, n) ORDER BY f.n
     RETURNING id`,
    [runId.toString(), names.map(toPostgresText)],
  );
  return rows.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : 1));
}

async function updateFiles(prisma: PrismaClient, files: FileClose[]): Promise<void> {
  const column = <T>(pick: (s: FileSummary) => T) => files.map((f) => pick(f.summary));
  await poolOf(prisma).query(
    `UPDATE ingest_file f SET outcome = v.outcome, format = v.format, error = v.error, note = v.note, size = v.size,
       sha256 = v.sha256, records_read = v.records_read, stored = v.stored, duplicates = v.duplicates,
       skipped = v.skipped, rejected = v.rejected, rejections = v.rejections::jsonb, finished_at = now(),
       duration_ms = v.duration_ms
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::int[],
       $9::int[], $10::int[], $11::int[], $12::int[], $13::text[], $14::int[])
       AS v(id, outcome, format, error, note, size, sha256, records_read, stored, duplicates, skipped, rejected,
         rejections, duration_ms)
     WHERE f.id = v.id`,
    [
      files.map((f) => f.fileId.toString()),
      files.map((f) => f.outcome),
      column((s) => s.format),
      column((s) => s.error && toPostgresText(s.error)),
      // One file's text must not fail the group's statement: NUL and lone surrogates become U+FFFD.
      column((s) => s.note && toPostgresText(s.note)),
      column((s) => s.bytes),
      column((s) => s.sha256),
      column((s) => s.recordsRead),
      column((s) => s.stored),
      column((s) => s.duplicates),
      column((s) => s.skipped),
      column((s) => s.rejected),
      column((s) => toPostgresJson(s.rejections)),
      column((s) => s.durationMs),
    ],
  );
}
