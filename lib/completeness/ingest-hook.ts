// What the ingest engine hands this wing once a file has been read whole: a digest to store, or a
// log file to match against the digests. A failure here is logged and noted on the file; it never
// costs the file's events.
//
// One hook serves a run (lib/ingest/run-writer.ts): the files it is handed while it is storing are
// stored together next (lib/async/grouped.ts), in the statements storing one takes. One at a time,
// this was most of PostgreSQL's time on a trail of small files (docs/benchmarks.md, session 30).

import type { PrismaClient } from "@/lib/generated/prisma/client";
import { Grouped } from "@/lib/async/grouped";
import type { FileSummary } from "@/lib/ingest/file-summary";
import { logger } from "@/lib/log/logger";
import { digestFileSchema } from "./digest-file";
import { recordLogFileReads, storeDigests, type DigestToStore, type LogFileRead, type StoredDigest } from "./store";

const NOT_LOGS: ReadonlySet<string | null> = new Set(["digest", "empty", null]);

export interface FileRead {
  fileId: bigint;
  name: string;
  /** SHA-256 (hex) of the file's decompressed content, as CloudTrail's digest files name it. */
  contentSha256: string;
  digest: Record<string, unknown> | null;
  signature?: string | null;
}

export class CompletenessHook {
  private readonly logFiles: Grouped<LogFileRead, undefined>;
  private readonly digests: Grouped<DigestToStore, StoredDigest>;

  constructor(prisma: PrismaClient) {
    this.logFiles = new Grouped(async (files) => {
      await recordLogFileReads(prisma, files);
      return files.map(() => undefined);
    });
    this.digests = new Grouped((items) => storeDigests(prisma, items));
  }

  /** Stores the file's digest or records it as a log file read; notes on the summary what it did. */
  async fileRead(summary: FileSummary, file: FileRead): Promise<void> {
    const { contentSha256 } = file;
    try {
      if (file.digest) {
        const parsed = digestFileSchema.safeParse(file.digest);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          summary.note = `CloudTrail digest file not understood (${issue?.path.join(".") || "file"}: ${issue?.message})`;
          return;
        }
        const signature = file.signature && /^[0-9a-fA-F]+$/.test(file.signature) ? file.signature : null;
        await this.digests.add({ digest: parsed.data, read: { contentSha256, fileId: file.fileId, signature } });
        summary.note = `CloudTrail digest file — no events; names ${parsed.data.logFiles.length} log files (see Completeness)`;
      } else if (!NOT_LOGS.has(summary.format)) {
        await this.logFiles.add({
          fileId: file.fileId,
          name: file.name,
          contentSha256,
          events: summary.stored + summary.duplicates,
        });
      }
    } catch (error) {
      logger.error({ err: error, file: file.name }, "Could not record a file for completeness");
      summary.note = `${summary.note ? `${summary.note}; ` : ""}not recorded for completeness: ${(error as Error).message}`;
    }
  }
}
