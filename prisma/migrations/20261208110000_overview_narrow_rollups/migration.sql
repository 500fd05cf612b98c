-- The Overview's event rollups without the actor dimension (event_kind_rollup[_day]: KPIs, chart,
-- failures by code) beside a per-actor one without the kind (actor_rollup[_day]: distinct actors,
-- top writers, failures by principal). They replace event_rollup[_day], which held both at once:
-- the whole data set's Overview grouped ~80,000 of its rows per request (docs/benchmarks.md,
-- "Overview, Actors and Security").

-- CreateTable
CREATE TABLE "event_kind_rollup" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT NOT NULL,
    "aws_region" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "error_code" TEXT NOT NULL DEFAULT '',
    "event_count" INTEGER NOT NULL,

    CONSTRAINT "event_kind_rollup_pkey" PRIMARY KEY ("hour","account_id","aws_region","kind","error_code")
);

-- CreateTable
CREATE TABLE "event_kind_rollup_day" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT NOT NULL,
    "aws_region" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "error_code" TEXT NOT NULL DEFAULT '',
    "event_count" INTEGER NOT NULL,

    CONSTRAINT "event_kind_rollup_day_pkey" PRIMARY KEY ("day","account_id","aws_region","kind","error_code")
);

-- CreateTable
CREATE TABLE "actor_rollup" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT NOT NULL,
    "aws_region" TEXT NOT NULL,
    "actor_id" BIGINT NOT NULL,
    "error_code" TEXT NOT NULL DEFAULT '',
    "event_count" INTEGER NOT NULL,
    "write_count" INTEGER NOT NULL,

    CONSTRAINT "actor_rollup_pkey" PRIMARY KEY ("hour","account_id","aws_region","actor_id","error_code")
);

-- CreateTable
CREATE TABLE "actor_rollup_day" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "account_id" TEXT NOT NULL,
    "aws_region" TEXT NOT NULL,
    "actor_id" BIGINT NOT NULL,
    "error_code" TEXT NOT NULL DEFAULT '',
    "event_count" INTEGER NOT NULL,
    "write_count" INTEGER NOT NULL,

    CONSTRAINT "actor_rollup_day_pkey" PRIMARY KEY ("day","account_id","aws_region","actor_id","error_code")
);

-- Enumerated columns keep to their zod definitions (lib/events/kind.ts).
ALTER TABLE "event_kind_rollup" ADD CONSTRAINT "event_kind_rollup_kind_check"
    CHECK ("kind" IN ('create', 'modify', 'delete', 'other-write', 'read', 'failed'));
ALTER TABLE "event_kind_rollup_day" ADD CONSTRAINT "event_kind_rollup_day_kind_check"
    CHECK ("kind" IN ('create', 'modify', 'delete', 'other-write', 'read', 'failed'));

-- DropTable
DROP TABLE "event_rollup";

-- DropTable
DROP TABLE "event_rollup_day";

-- Backfill from the events already stored (the kind rule is lib/events/kind.ts written out in SQL,
-- as in 20261205100000_overview_rollups). From now on lib/rollups/store-sql.ts keeps these tables
-- in the same transaction as the events.
INSERT INTO "event_kind_rollup" (hour, account_id, aws_region, kind, error_code, event_count)
SELECT date_trunc('hour', e.event_time, 'UTC'), e.account_id, e.aws_region,
  CASE WHEN e.error_code IS NOT NULL THEN 'failed' WHEN e.read_only THEN 'read'
    WHEN e.event_name ~ '^(Create|Copy)' THEN 'create'
    WHEN e.event_name ~ '^(Delete)' THEN 'delete'
    WHEN e.event_name ~ '^(Modify|Increase|Decrease|Rebalance|Reset)' THEN 'modify' ELSE 'other-write' END,
  COALESCE(e.error_code, ''), count(*)
FROM event e
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "event_kind_rollup_day" (day, account_id, aws_region, kind, error_code, event_count)
SELECT date_trunc('day', hour, 'UTC'), account_id, aws_region, kind, error_code, sum(event_count)
FROM event_kind_rollup
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "actor_rollup" (hour, account_id, aws_region, actor_id, error_code, event_count, write_count)
SELECT date_trunc('hour', e.event_time, 'UTC'), e.account_id, e.aws_region, e.actor_id, COALESCE(e.error_code, ''),
  count(*), count(*) FILTER (WHERE NOT e.read_only AND e.error_code IS NULL)
FROM event e
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "actor_rollup_day" (day, account_id, aws_region, actor_id, error_code, event_count, write_count)
SELECT date_trunc('day', hour, 'UTC'), account_id, aws_region, actor_id, error_code, sum(event_count), sum(write_count)
FROM actor_rollup
GROUP BY 1, 2, 3, 4, 5;

-- Planner statistics now, not at autovacuum's next pass: without them the Overview's grouping of
-- changed resources was planned for 200 rows (it has ~120,000 at 1 M events) and sorted on disk.
ANALYZE "event_kind_rollup";
ANALYZE "event_kind_rollup_day";
ANALYZE "actor_rollup";
ANALYZE "actor_rollup_day";
ANALYZE "resource_change_rollup_day";
