-- Disk per event (issue 19, docs/benchmarks.md "Disk per event", session 20).
--
-- event loses its (ingest_run_id, event_time, id) index: 40.6 B per event at 1 M events, for one question,
-- "the events of one run" (the explorer's run filter, the run page, a file's count when a run is aborted).
-- A run's events are inserted by its own batches, so their ids (a sequence) lie in a narrow range, shared
-- only with runs that stored at the same time. ingest_run keeps the smallest and largest id it stored,
-- moved by the statement that stores each batch, in the batch's transaction (lib/ingest/store.ts), and
-- each of those queries reads the primary key's range between them next to ingest_run_id.
-- Existing runs get their bounds from event in one grouped pass before the index goes.

-- AlterTable
ALTER TABLE "ingest_run" ADD COLUMN "first_event_id" BIGINT,
ADD COLUMN "last_event_id" BIGINT;

UPDATE "ingest_run" r SET "first_event_id" = b.first, "last_event_id" = b.last
FROM (SELECT "ingest_run_id", min("id") AS first, max("id") AS last FROM "event"
      WHERE "ingest_run_id" IS NOT NULL GROUP BY "ingest_run_id") b
WHERE r."id" = b."ingest_run_id";

-- DropIndex
DROP INDEX "event_ingest_run_id_event_time_id_idx";
