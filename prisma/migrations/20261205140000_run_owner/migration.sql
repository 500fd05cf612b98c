-- AlterTable
ALTER TABLE "ingest_run" ADD COLUMN     "heartbeat_at" TIMESTAMPTZ(3),
ADD COLUMN     "owner" TEXT;
