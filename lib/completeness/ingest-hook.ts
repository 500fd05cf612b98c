// What the ingest engine hands this wing once a file has been read whole: a digest to store, or a
// log file to match against the digests. A failure here is logged and noted on the file; it never
// costs the file's events.

import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { FileSummary } from "@/lib/ingest/file-summary";
import { logger } from "@/lib/log/logger";
import { digestFileSchema } from "./digest-file";
import { recordLogFileRead, storeDigest } from "./store";

const NOT_LOGS: ReadonlySet<string | null> = new Set(["digest", "empty", null]);

export async function completeFileRead(
  prisma: PrismaClient,
  summary: FileSummary,
  file: {
    fileId: bigint;
    name: string;
    /** SHA-256 (hex) of the file's decompressed content, as CloudTrail's digest files name it. */
    contentSha256: string;
    digest: Record<string, unknown> | null;
    signature?: string | null;
  },
): Promise<void> {
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
      await storeDigest(prisma, parsed.data, { contentSha256, fileId: file.fileId, signature });
      summary.note = `CloudTrail digest file — no events; names ${parsed.data.logFiles.length} log files (see Completeness)`;
    } else if (!NOT_LOGS.has(summary.format)) {
      await recordLogFileRead(prisma, {
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
