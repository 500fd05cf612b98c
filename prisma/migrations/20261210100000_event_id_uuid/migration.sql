-- Disk per event (issue 19, docs/benchmarks.md "Disk per event").
--
-- The eventID is kept the way the request id is (20261209130000_event_request_uuid): a lower-case
-- UUID, as CloudTrail writes every one, as event_key (uuid, 16 bytes) with event_id (text)
-- null, which saves 37 bytes per row and halves the unique index. Any other id stays text in
-- event_id, byte for byte, with event_key null. Reads take COALESCE(event_id, event_key::text),
-- exactly the text stored before: only ids equal to their own canonical uuid text move, and the
-- CHECK keeps every such id in event_key, so one eventID has exactly one stored form.
--
-- Unlike the request id, a text eventID has no MD5 key: the id is the exactly-once key, so it must be
-- unique exactly, and two hostile ids can share an MD5. Each form has its own unique index (the text
-- one partial, over the few text ids), and the ingest's ON CONFLICT DO NOTHING names no target, so it
-- skips a row that conflicts in either.
-- Existing rows are converted set-based, and no eventID is lost (the CHECK below reads every row).

-- DropIndex
DROP INDEX "event_event_id_key";

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "event_key" UUID,
ALTER COLUMN "event_id" DROP NOT NULL;

UPDATE "event" SET "event_key" = "event_id"::uuid, "event_id" = NULL
WHERE "event_id" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

ALTER TABLE "event" ADD CONSTRAINT "event_event_key_check" CHECK (("event_key" IS NULL) <> ("event_id" IS NULL)
  AND "event_id" !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$');

-- CreateIndex
CREATE UNIQUE INDEX "event_event_key_key" ON "event"("event_key");

-- CreateIndex
CREATE UNIQUE INDEX "event_event_id_key" ON "event"("event_id") WHERE ("event_id" IS NOT NULL);
