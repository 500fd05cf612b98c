-- Disk per event (issue 19, docs/benchmarks.md "Disk per event").
--
-- 1. A request id that is a lower-case UUID (as CloudTrail writes almost every one) is kept as a
--    uuid in request_uuid: 16 bytes instead of 37 in the row. Any other request id stays text in
--    request_id, byte for byte — a row holds at most one of the two (CHECK event_request_id_one_check).
--    Reads take COALESCE(request_uuid::text, request_id), which gives back exactly the text stored
--    before, since only ids equal to their own canonical uuid text move (lib/events/request-id.ts).
--    Both are compared for equality only, through hash indexes, which skip the NULLs of the other.
-- 2. The events of a run are found through a plain index on ingest_run_id: equal keys are deduplicated
--    into one entry per page (~7 B per event instead of ~40 B for (ingest_run_id, event_time, id)).
--    The page of a run then sorts the rows of the run instead of reading them in order.
-- Existing rows are converted set-based — no request id is lost (the CHECK below reads every row).

-- DropIndex
DROP INDEX "event_ingest_run_id_event_time_id_idx";

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "request_uuid" UUID;

UPDATE "event" SET "request_uuid" = "request_id"::uuid, "request_id" = NULL
WHERE "request_id" ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

ALTER TABLE "event" ADD CONSTRAINT "event_request_id_one_check" CHECK ("request_uuid" IS NULL OR "request_id" IS NULL);

-- CreateIndex
CREATE INDEX "event_ingest_run_id_idx" ON "event"("ingest_run_id");

-- CreateIndex
CREATE INDEX "event_request_uuid_idx" ON "event" USING HASH ("request_uuid");
