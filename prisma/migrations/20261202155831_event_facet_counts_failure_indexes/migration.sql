-- DropIndex
DROP INDEX "event_error_code_event_time_id_idx";

-- CreateTable
CREATE TABLE "event_facet_count" (
    "field" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "event_count" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "event_facet_count_pkey" PRIMARY KEY ("field","value")
);

-- CreateIndex
CREATE INDEX "event_error_code_event_time_id_idx" ON "event"("error_code", "event_time" DESC, "id" DESC) WHERE (error_code IS NOT NULL);

-- CreateIndex
CREATE INDEX "event_event_name_error_code_event_time_id_idx" ON "event"("event_name", "error_code", "event_time" DESC, "id" DESC) WHERE (error_code IS NOT NULL);

-- Backfill: the counters start from the events already stored, and ingest keeps them up to date
-- (lib/ingest/store.ts).
INSERT INTO "event_facet_count" ("field", "value", "event_count")
SELECT f.field, f.value, count(*)
FROM "event" e
CROSS JOIN LATERAL (VALUES ('name', e.event_name), ('error', e.error_code), ('account', e.account_id),
  ('region', e.aws_region), ('agent', e.user_agent_family)) AS f(field, value)
WHERE f.value IS NOT NULL
GROUP BY f.field, f.value;
