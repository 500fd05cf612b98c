-- Disk and CPU per event (issue 19, docs/benchmarks.md "Disk per event", session 18).
--
-- event_resource loses its primary key (event_id, resource_id, role): 89 B per event at 1 M events, and a
-- uniqueness check (plus the ON CONFLICT arbiter probe) on every link the ingest writes. Nothing needs it
-- to be unique: exactly-once is decided at the event level (the ingest writes an event's links in the
-- transaction that inserts the event, from one ref per resource and event, lib/cloudtrail/resource-collector.ts),
-- and the link pass adds a link only where the event has none to that resource, one pass at a time
-- (lib/resources/event-links.ts). A plain index on event_id still serves an event's resources and the
-- cascade from event, and B-tree deduplication keeps one entry per event for its links.
-- Existing rows are kept as they are: only the index changes.

-- AlterTable
ALTER TABLE "event_resource" DROP CONSTRAINT "event_resource_pkey";

-- CreateIndex
CREATE INDEX "event_resource_event_id_idx" ON "event_resource"("event_id");
