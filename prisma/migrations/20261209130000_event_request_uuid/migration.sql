-- Disk per event (issue 19, docs/benchmarks.md "Disk per event").
--
-- 1. The request id is looked up through request_key (uuid, 16 bytes): the id itself when it is a
--    lower-case UUID, as CloudTrail writes almost every one, and then request_id (text) is null,
--    which saves 37 bytes per row. Any other id stays text in request_id, byte for byte, and its key
--    is the MD5 of that text (CHECK event_request_key_check). Reads take COALESCE(request_id,
--    request_key::text), exactly the text stored before: only ids equal to their own canonical uuid
--    text move. Lookups compare the key through one hash index and then the text, so two ids with
--    one MD5 are still told apart (lib/events/request-id.ts).
--    One index over both forms: a hash index built on a column that is mostly null would still
--    allocate buckets for every row of the table.
-- Existing rows are converted set-based, and no request id is lost (the CHECK below reads every row).

-- DropIndex
DROP INDEX "event_request_id_idx";

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "request_key" UUID;

UPDATE "event" SET
  "request_key" = CASE WHEN "request_id" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    THEN "request_id"::uuid ELSE md5("request_id")::uuid END,
  "request_id" = CASE WHEN "request_id" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
    THEN NULL ELSE "request_id" END
WHERE "request_id" IS NOT NULL;

ALTER TABLE "event" ADD CONSTRAINT "event_request_key_check" CHECK ("request_id" IS NULL OR "request_key" IS NOT DISTINCT FROM md5("request_id")::uuid);

-- CreateIndex
CREATE INDEX "event_request_key_idx" ON "event" USING HASH ("request_key");
