-- CreateTable
CREATE TABLE "resource_change_rollup_day" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT NOT NULL,
    "aws_region" TEXT NOT NULL,
    "resource_id" BIGINT NOT NULL,
    "event_count" INTEGER NOT NULL,
    "create_count" INTEGER NOT NULL,
    "delete_count" INTEGER NOT NULL,

    CONSTRAINT "resource_change_rollup_day_pkey" PRIMARY KEY ("day","account_id","aws_region","resource_id")
);

-- Backfill: the daily tier of resource_change_rollup, from the hourly rows (which equal the events).
INSERT INTO "resource_change_rollup_day" (day, account_id, aws_region, resource_id, event_count, create_count, delete_count)
SELECT date_trunc('day', hour, 'UTC'), account_id, aws_region, resource_id, sum(event_count),
  COALESCE(sum(event_count) FILTER (WHERE kind = 'create'), 0), COALESCE(sum(event_count) FILTER (WHERE kind = 'delete'), 0)
FROM "resource_change_rollup"
GROUP BY 1, 2, 3, 4;
