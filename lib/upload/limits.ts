import "server-only";
import { env } from "@/lib/env";
import type { UploadLimits } from "./ingest-upload";

/** The limits of one uploaded file, from the environment (see lib/env.ts). */
export function uploadLimitsFromEnv(): UploadLimits {
  return {
    maxFileBytes: env.INGEST_MAX_FILE_BYTES,
    maxDecompressedBytes: env.INGEST_MAX_DECOMPRESSED_BYTES,
    maxRecordBytes: env.INGEST_MAX_RECORD_BYTES,
  };
}
