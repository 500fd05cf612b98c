// npm run worker: a job-queue worker (S3 syncs) against DATABASE_URL, or against the embedded
// PostgreSQL of this machine's CacheTrail when DATABASE_URL is not set. `npm start` runs one;
// start more on this or other machines to spread the work. Stops cleanly on SIGINT/SIGTERM.
import { env } from "@/lib/env";
import { closePrismaClient } from "@/lib/db/create-client";
import { provideClient } from "@/lib/db/provide-client";
import { startWorker } from "@/lib/jobs/worker";

const log = (line: string) => console.log(`[worker] ${line}`);

const { database, prisma } = await provideClient(log, env.CACHETRAIL_WORKER_CONCURRENCY + 4);
const worker = await startWorker(prisma, database.url, {
  concurrency: env.CACHETRAIL_WORKER_CONCURRENCY,
  pollSeconds: env.CACHETRAIL_JOB_POLL_SECONDS,
  s3: {
    leaseSeconds: env.CACHETRAIL_S3_LEASE_SECONDS,
    retries: env.CACHETRAIL_S3_RETRIES,
    retryDelaySeconds: env.CACHETRAIL_S3_RETRY_DELAY_SECONDS,
    secretKey: env.CACHETRAIL_SECRET_KEY,
    cloudTrailEndpoint: env.CACHETRAIL_CLOUDTRAIL_ENDPOINT ?? null,
    ingest: {
      maxDecompressedBytes: env.INGEST_MAX_DECOMPRESSED_BYTES,
      maxRecordBytes: env.INGEST_MAX_RECORD_BYTES,
    },
  },
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  log(`Stopping ${worker.id}: finishing the objects in hand…`);
  await worker.stop().catch((error: unknown) => console.error("The worker did not stop cleanly:", error));
  await closePrismaClient(prisma);
  await database.release();
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
