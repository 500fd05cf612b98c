-- CreateTable
CREATE TABLE "s3_source" (
    "source_id" BIGINT NOT NULL,
    "bucket" TEXT NOT NULL,
    "prefix" TEXT NOT NULL DEFAULT '',
    "region" TEXT NOT NULL,
    "endpoint" TEXT,
    "force_path_style" BOOLEAN NOT NULL DEFAULT false,
    "accounts" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "aws_regions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "start_date" DATE,
    "interval_minutes" INTEGER NOT NULL DEFAULT 5,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "credential_mode" TEXT NOT NULL DEFAULT 'default',
    "sealed_credentials" TEXT,
    "access_key_hint" TEXT,
    "role_arn" TEXT,
    "current_run_id" BIGINT,
    "phase" TEXT,
    "runner" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "next_sync_at" TIMESTAMPTZ(3),
    "listed_through" DATE,
    "streams" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "full_listing_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "s3_source_pkey" PRIMARY KEY ("source_id")
);

-- CreateTable
CREATE TABLE "s3_object" (
    "source_id" BIGINT NOT NULL,
    "key" TEXT NOT NULL,
    "etag" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "last_modified" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "error_code" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "records_read" INTEGER NOT NULL DEFAULT 0,
    "stored" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "run_id" BIGINT,
    "file_id" BIGINT,
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "s3_object_pkey" PRIMARY KEY ("source_id","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "s3_source_current_run_id_key" ON "s3_source"("current_run_id");

-- CreateIndex
CREATE INDEX "s3_object_source_id_status_idx" ON "s3_object"("source_id", "status");

-- CreateIndex
CREATE INDEX "s3_object_run_id_status_idx" ON "s3_object"("run_id", "status");

-- AddForeignKey
ALTER TABLE "s3_source" ADD CONSTRAINT "s3_source_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "s3_object" ADD CONSTRAINT "s3_object_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "s3_source"("source_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The zod enums of lib/sources/schemas.ts and lib/ingest/file-summary.ts, and two rules of the settings.
-- Prisma cannot express CHECK constraints: the drift test keeps these equal (tests/helpers/check-constraints.ts).
ALTER TABLE "s3_source" ADD CONSTRAINT "s3_source_credential_mode_check" CHECK ("credential_mode" IN ('default', 'keys'));
ALTER TABLE "s3_source" ADD CONSTRAINT "s3_source_credentials_check"
  CHECK (("credential_mode" = 'keys') = ("sealed_credentials" IS NOT NULL));
ALTER TABLE "s3_source" ADD CONSTRAINT "s3_source_phase_check" CHECK ("phase" IN ('listing', 'reading'));
ALTER TABLE "s3_source" ADD CONSTRAINT "s3_source_interval_minutes_check" CHECK ("interval_minutes" BETWEEN 1 AND 10080);
ALTER TABLE "s3_object" ADD CONSTRAINT "s3_object_status_check" CHECK ("status" IN ('queued', 'reading', 'done', 'failed'));
ALTER TABLE "s3_object" ADD CONSTRAINT "s3_object_outcome_check"
  CHECK ("outcome" IN ('ok', 'partial', 'failed', 'skipped', 'not-ingested'));
