-- AlterTable
ALTER TABLE "digest" ADD COLUMN     "files_missing" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "cloudtrail_public_key" ADD COLUMN     "loaded_by" TEXT,
ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'cli';

-- CreateTable
CREATE TABLE "public_key_fetch" (
    "source_id" BIGINT NOT NULL,
    "attempted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "keys" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "public_key_fetch_pkey" PRIMARY KEY ("source_id")
);

-- CreateTable
CREATE TABLE "missing_file_fetch" (
    "id" BIGSERIAL NOT NULL,
    "source_id" BIGINT NOT NULL,
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "run_id" BIGINT,
    "file_id" BIGINT,
    "outcome" TEXT,
    "error" TEXT,
    "requested_by" TEXT,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "missing_file_fetch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "missing_file_fetch_key_requested_at_idx" ON "missing_file_fetch"("key", "requested_at");

-- CreateIndex
CREATE INDEX "digest_files_missing_start_time_idx" ON "digest"("files_missing", "start_time");

-- Digests stored before this migration: their missing count from the counters they have.
UPDATE "digest" SET "files_missing" = "log_file_count" - "files_read";

-- keyOriginSchema and fetchStatusSchema (lib/completeness/schemas.ts)
ALTER TABLE "cloudtrail_public_key" ADD CONSTRAINT "cloudtrail_public_key_origin_check"
  CHECK ("origin" IN ('cli', 'upload', 'aws'));
ALTER TABLE "missing_file_fetch" ADD CONSTRAINT "missing_file_fetch_status_check"
  CHECK ("status" IN ('queued', 'reading', 'done', 'failed'));

-- fileOutcomeSchema (lib/ingest/file-summary.ts) gains "digest": a CloudTrail digest file, read for completeness.
ALTER TABLE "ingest_file" DROP CONSTRAINT "ingest_file_outcome_check";
ALTER TABLE "ingest_file" ADD CONSTRAINT "ingest_file_outcome_check"
    CHECK ("outcome" IN ('pending', 'ok', 'partial', 'failed', 'skipped', 'not-ingested', 'digest'));
ALTER TABLE "s3_object" DROP CONSTRAINT "s3_object_outcome_check";
ALTER TABLE "s3_object" ADD CONSTRAINT "s3_object_outcome_check"
  CHECK ("outcome" IN ('ok', 'partial', 'failed', 'skipped', 'not-ingested', 'digest'));
-- Digest files read before: their outcome says so now.
UPDATE "ingest_file" SET "outcome" = 'digest' WHERE "outcome" = 'skipped' AND "format" = 'digest';
UPDATE "s3_object" o SET "outcome" = 'digest' FROM "ingest_file" f
  WHERE o."file_id" = f."id" AND o."outcome" = 'skipped' AND f."format" = 'digest';
