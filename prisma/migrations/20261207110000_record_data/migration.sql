-- The record is stored compressed (lib/events/record-codec.ts) in record_data, and rows stored
-- before keep their jsonb `record` until the sweeper converts them (lib/events/record-upgrade.ts),
-- and every read takes whichever of the two a row has. docs/benchmarks.md, "Disk per event".

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "record_data" BYTEA,
ALTER COLUMN "record" DROP NOT NULL;

-- Already compressed: PostgreSQL should not try pglz on it again, and a large one is kept out of
-- line as is (so a slice, such as its length header, is read without the rest).
ALTER TABLE "event" ALTER COLUMN "record_data" SET STORAGE EXTERNAL;

-- A record is never lost in the conversion: one of the two forms is always there.
ALTER TABLE "event" ADD CONSTRAINT "event_record_check" CHECK ("record_data" IS NOT NULL OR "record" IS NOT NULL);

-- CreateIndex
CREATE INDEX "event_legacy_record_idx" ON "event"("id") WHERE record IS NOT NULL;
