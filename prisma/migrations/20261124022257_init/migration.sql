-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateTable
CREATE TABLE "event" (
    "id" BIGSERIAL NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "event_name" TEXT NOT NULL,
    "event_source" TEXT NOT NULL,
    "event_version" TEXT,
    "event_type" TEXT,
    "aws_region" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "read_only" BOOLEAN NOT NULL,
    "error_code" TEXT,
    "error_message" TEXT,
    "request_id" TEXT,
    "source_ip" TEXT,
    "user_agent" TEXT,
    "user_agent_family" TEXT NOT NULL,
    "user_agent_detail" TEXT,
    "vpc_endpoint_id" TEXT,
    "access_key_id" TEXT,
    "mfa_authenticated" BOOLEAN,
    "actor_id" BIGINT NOT NULL,
    "record" JSONB NOT NULL,
    "search_text" TEXT NOT NULL,
    "ingest_run_id" BIGINT,
    "ingest_file_id" BIGINT,
    "ingested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "actor" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "arn" TEXT,
    "principal_id" TEXT,
    "account_id" TEXT,
    "session_issuer_arn" TEXT,
    "session_issuer_name" TEXT,
    "invoked_by" TEXT,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "event_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "actor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "resource" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "resource_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "event_count" INTEGER NOT NULL DEFAULT 0,
    "change_count" INTEGER NOT NULL DEFAULT 0,
    "last_change_at" TIMESTAMPTZ(3),
    "last_change_actor_id" BIGINT,

    CONSTRAINT "resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_resource" (
    "event_id" BIGINT NOT NULL,
    "resource_id" BIGINT NOT NULL,
    "role" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "event_resource_pkey" PRIMARY KEY ("resource_id","event_id","role")
);

-- CreateTable
CREATE TABLE "source" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "config" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_run" (
    "id" BIGSERIAL NOT NULL,
    "source_id" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "triggered_by" TEXT,
    "file_count" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "records_read" INTEGER NOT NULL DEFAULT 0,
    "stored" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "failed_files" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "ingest_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingest_file" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "size" BIGINT NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "format" TEXT,
    "outcome" TEXT NOT NULL,
    "error" TEXT,
    "note" TEXT,
    "records_read" INTEGER NOT NULL DEFAULT 0,
    "stored" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "rejections" JSONB NOT NULL DEFAULT '[]',
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,

    CONSTRAINT "ingest_file_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "event_event_id_key" ON "event"("event_id");

-- CreateIndex
CREATE INDEX "event_event_time_id_idx" ON "event"("event_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "event_actor_id_event_time_id_idx" ON "event"("actor_id", "event_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "event_event_name_event_time_id_idx" ON "event"("event_name", "event_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "event_account_id_event_time_id_idx" ON "event"("account_id", "event_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "event_aws_region_event_time_id_idx" ON "event"("aws_region", "event_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "event_error_code_event_time_id_idx" ON "event"("error_code", "event_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "event_ingest_run_id_event_time_id_idx" ON "event"("ingest_run_id", "event_time" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "event_request_id_idx" ON "event"("request_id");

-- CreateIndex
CREATE INDEX "event_source_ip_idx" ON "event"("source_ip");

-- CreateIndex
CREATE INDEX "event_search_text_trgm_idx" ON "event" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "actor_key_key" ON "actor"("key");

-- CreateIndex
CREATE INDEX "actor_name_idx" ON "actor"("name");

-- CreateIndex
CREATE INDEX "actor_session_issuer_arn_idx" ON "actor"("session_issuer_arn");

-- CreateIndex
CREATE INDEX "resource_kind_last_seen_idx" ON "resource"("kind", "last_seen" DESC);

-- CreateIndex
CREATE INDEX "resource_resource_id_idx" ON "resource"("resource_id");

-- CreateIndex
CREATE UNIQUE INDEX "resource_account_id_region_kind_resource_id_key" ON "resource"("account_id", "region", "kind", "resource_id");

-- CreateIndex
CREATE INDEX "event_resource_resource_id_event_time_event_id_idx" ON "event_resource"("resource_id", "event_time" DESC, "event_id" DESC);

-- CreateIndex
CREATE INDEX "event_resource_event_id_idx" ON "event_resource"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "source_kind_name_key" ON "source"("kind", "name");

-- CreateIndex
CREATE INDEX "ingest_run_started_at_idx" ON "ingest_run"("started_at" DESC);

-- CreateIndex
CREATE INDEX "ingest_file_run_id_idx" ON "ingest_file"("run_id");

-- CreateIndex
CREATE INDEX "ingest_file_sha256_idx" ON "ingest_file"("sha256");

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "actor"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_ingest_run_id_fkey" FOREIGN KEY ("ingest_run_id") REFERENCES "ingest_run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_ingest_file_id_fkey" FOREIGN KEY ("ingest_file_id") REFERENCES "ingest_file"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_resource" ADD CONSTRAINT "event_resource_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_resource" ADD CONSTRAINT "event_resource_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ingest_run" ADD CONSTRAINT "ingest_run_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ingest_file" ADD CONSTRAINT "ingest_file_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "ingest_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
