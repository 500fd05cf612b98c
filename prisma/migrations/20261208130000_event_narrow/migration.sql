-- Disk per event (issue 19, docs/benchmarks.md "Disk per event"): the event row and its indexes narrowed.
--
-- Columns only the event page and the export showed are read from the stored record instead
-- (lib/events/record-fields.ts reads them exactly as lib/cloudtrail/normalise.ts stored them):
-- event_source, event_version, event_type and vpc_endpoint_id. Every row holds its record
-- (CHECK event_record_check), so no value is lost, and no filter, menu, rollup or history reads them.
-- Dropping a column only marks it dropped: new rows no longer carry it at once, and the space of
-- existing rows is reused as they are rewritten (or returned with VACUUM FULL event).

-- AlterTable
ALTER TABLE "event" DROP COLUMN "event_source",
DROP COLUMN "event_type",
DROP COLUMN "event_version",
DROP COLUMN "vpc_endpoint_id";

-- The request id is only ever compared for equality (free text, the same-request list of the event page):
-- a hash index keeps a 4-byte hash per row instead of the 36-character text.
-- DropIndex
DROP INDEX "event_request_id_idx";

-- CreateIndex
CREATE INDEX "event_request_id_idx" ON "event" USING HASH ("request_id");

-- The key of event_resource ordered event first: rows arrive in event order, so the key is appended to
-- instead of split all over, and it serves the resources of an event and the cascade from event, which
-- made event_resource_event_id_idx redundant. The rows of a resource are read through
-- event_resource_resource_id_event_time_event_id_idx.
-- DropIndex
DROP INDEX "event_resource_event_id_idx";

-- AlterTable
ALTER TABLE "event_resource" DROP CONSTRAINT "event_resource_pkey",
ADD CONSTRAINT "event_resource_pkey" PRIMARY KEY ("event_id", "resource_id", "role");
