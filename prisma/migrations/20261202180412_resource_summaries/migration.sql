-- AlterTable
ALTER TABLE "resource" ADD COLUMN     "engine" TEXT,
ADD COLUMN     "engine_version" TEXT,
ADD COLUMN     "status" TEXT,
ADD COLUMN     "summarised_events" INTEGER NOT NULL DEFAULT 0;
