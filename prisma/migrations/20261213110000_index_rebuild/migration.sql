-- Where the last rebuild of the ingest's indexes left them (lib/maintenance/index-rebuild.ts).
-- The ingest inserts into event's and event_resource's B-trees and trigram index as it goes, which
-- leaves them 30-55 % larger than built at once (docs/benchmarks.md, "Disk per event"). After a large
-- import they are rebuilt, and this row says from which event id on the next import counts.
-- Starting at 0: an install upgraded with many events stored gets its indexes rebuilt after its next run.
CREATE TABLE "index_rebuild" (
    "id" INTEGER NOT NULL,
    "through_event_id" BIGINT NOT NULL DEFAULT 0,
    "events_at_rebuild" BIGINT NOT NULL DEFAULT 0,
    "rebuilt_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,

    CONSTRAINT "index_rebuild_pkey" PRIMARY KEY ("id")
);

INSERT INTO "index_rebuild" ("id") VALUES (1);
