import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { BucketReader } from "./bucket";
import { createS3Client } from "./s3-client";
import type { ConnectionReport } from "./schemas";
import { SealedCredentialsError } from "./secret-box";
import { loadSyncSource } from "./sources";
import { testConnection } from "./test-connection";

/** "Test connection" for a saved source: its own settings and credentials, a handful of listings. */
export async function testSourceConnection(
  prisma: PrismaClient,
  id: bigint,
  secretKey: string | undefined,
): Promise<ConnectionReport> {
  let source;
  try {
    source = await loadSyncSource(prisma, id, secretKey);
  } catch (error) {
    if (!(error instanceof SealedCredentialsError)) throw error;
    return { ok: false, error: { code: "invalid-credentials", message: error.message }, requests: 0 };
  }
  const client = createS3Client(source.connection);
  try {
    return await testConnection(new BucketReader(client, source.connection));
  } finally {
    client.destroy();
  }
}
