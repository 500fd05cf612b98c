-- CreateTable
CREATE TABLE "digest" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "trail" TEXT NOT NULL,
    "backfill" BOOLEAN NOT NULL DEFAULT false,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time_text" TEXT NOT NULL,
    "content_sha256" TEXT NOT NULL,
    "previous_bucket" TEXT,
    "previous_key" TEXT,
    "previous_hash" TEXT,
    "previous_signature" TEXT,
    "signature_algorithm" TEXT,
    "public_key_fingerprint" TEXT,
    "signature" TEXT,
    "signature_status" TEXT NOT NULL DEFAULT 'unchecked',
    "log_file_count" INTEGER NOT NULL,
    "files_read" INTEGER NOT NULL DEFAULT 0,
    "files_modified" INTEGER NOT NULL DEFAULT 0,
    "file_id" BIGINT,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "digest_log_file" (
    "digest_id" BIGINT NOT NULL,
    "key" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "base_name" TEXT NOT NULL,
    "hash_value" TEXT NOT NULL,
    "oldest_event_time" TIMESTAMPTZ(3),
    "newest_event_time" TIMESTAMPTZ(3),
    "file_id" BIGINT,
    "content_matches" BOOLEAN,

    CONSTRAINT "digest_log_file_pkey" PRIMARY KEY ("digest_id","key")
);

-- CreateTable
CREATE TABLE "log_file_read" (
    "file_id" BIGINT NOT NULL,
    "base_name" TEXT NOT NULL,
    "content_sha256" TEXT NOT NULL,
    "events" INTEGER NOT NULL,
    "account_id" TEXT,
    "region" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "read_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "log_file_read_pkey" PRIMARY KEY ("file_id")
);

-- CreateTable
CREATE TABLE "cloudtrail_public_key" (
    "fingerprint" TEXT NOT NULL,
    "value" BYTEA NOT NULL,
    "valid_from" TIMESTAMPTZ(3),
    "valid_to" TIMESTAMPTZ(3),
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cloudtrail_public_key_pkey" PRIMARY KEY ("fingerprint")
);

-- CreateIndex
CREATE UNIQUE INDEX "digest_key_key" ON "digest"("key");

-- CreateIndex
CREATE INDEX "digest_start_time_account_id_region_idx" ON "digest"("start_time", "account_id", "region");

-- CreateIndex
CREATE INDEX "digest_previous_key_idx" ON "digest"("previous_key");

-- CreateIndex
CREATE INDEX "digest_log_file_base_name_idx" ON "digest_log_file"("base_name");

-- CreateIndex
CREATE INDEX "digest_log_file_hash_value_idx" ON "digest_log_file"("hash_value");

-- CreateIndex
CREATE INDEX "digest_log_file_file_id_idx" ON "digest_log_file"("file_id");

-- CreateIndex
CREATE INDEX "log_file_read_base_name_idx" ON "log_file_read"("base_name");

-- CreateIndex
CREATE INDEX "log_file_read_content_sha256_idx" ON "log_file_read"("content_sha256");

-- CreateIndex
CREATE INDEX "log_file_read_delivered_at_idx" ON "log_file_read"("delivered_at");

-- AddForeignKey
ALTER TABLE "digest_log_file" ADD CONSTRAINT "digest_log_file_digest_id_fkey" FOREIGN KEY ("digest_id") REFERENCES "digest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "digest_signature_status_idx" ON "digest"("signature_status");

-- digestSignatureStatusSchema (lib/completeness/schemas.ts)
ALTER TABLE "digest" ADD CONSTRAINT "digest_signature_status_check"
  CHECK ("signature_status" IN ('unchecked', 'no-signature', 'no-key', 'valid', 'invalid'));
