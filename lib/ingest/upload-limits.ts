import "server-only";
import { env } from "@/lib/env";

// The limits of one uploaded file. They come from the environment (lib/env.ts, read once at
// start-up); integration tests that need small limits set them for their own file with
// setUploadLimitsForTests, as they point the app's client at their database.

export interface UploadLimits {
  /** Largest file accepted, as sent (compressed). */
  maxFileBytes: number;
  maxDecompressedBytes: number;
  maxRecordBytes: number;
  /** Files (multipart parts) in one request. */
  maxParts: number;
  /** Decompressed bytes of all the files of one request together. */
  maxRequestDecompressedBytes: number;
  /** Requests ingested at once by this server. */
  maxConcurrent: number;
  /** How long a request waits for its turn before a 429. */
  queueWaitSeconds: number;
}

let forTests: UploadLimits | null = null;

export function uploadLimits(): UploadLimits {
  return (
    forTests ?? {
      maxFileBytes: env.INGEST_MAX_FILE_BYTES,
      maxDecompressedBytes: env.INGEST_MAX_DECOMPRESSED_BYTES,
      maxRecordBytes: env.INGEST_MAX_RECORD_BYTES,
      maxParts: env.INGEST_MAX_PARTS,
      maxRequestDecompressedBytes: env.INGEST_MAX_REQUEST_DECOMPRESSED_BYTES,
      maxConcurrent: env.INGEST_MAX_CONCURRENT,
      queueWaitSeconds: env.INGEST_QUEUE_WAIT_SECONDS,
    }
  );
}

/** Other limits for the requests that follow; null goes back to the environment's. */
export function setUploadLimitsForTests(limits: UploadLimits | null): void {
  forTests = limits;
}
