-- Disk per event (issue 19, docs/benchmarks.md "Disk per event", session 20).
--
-- resource_kind_last_seen_idx held (kind, last_seen): every batch that sees a resource moves its last_seen,
-- so every such UPDATE wrote a new entry in each of resource's four indexes and left a dead one behind
-- (18 % average leaf density at 1 M events, 21.7 B per event for 115,526 resources). The resources list
-- now walks (kind, last_seen_day), the UTC day of last_seen, and sorts one day's resources by last_seen:
-- while a resource's day does not change, no indexed column does, and with room left on each heap page
-- (fillfactor 85) PostgreSQL updates the row in place (a HOT update) without touching any of its indexes.
-- CHECK resource_last_seen_day_check keeps the day equal to last_seen's.

-- AlterTable
ALTER TABLE "resource" ADD COLUMN "last_seen_day" DATE;

UPDATE "resource" SET "last_seen_day" = ("last_seen" AT TIME ZONE 'UTC')::date;

ALTER TABLE "resource" ALTER COLUMN "last_seen_day" SET NOT NULL,
ADD CONSTRAINT "resource_last_seen_day_check" CHECK ("last_seen_day" = ("last_seen" AT TIME ZONE 'UTC')::date);

ALTER TABLE "resource" SET (fillfactor = 85);

-- DropIndex
DROP INDEX "resource_kind_last_seen_idx";

-- CreateIndex
CREATE INDEX "resource_kind_last_seen_day_idx" ON "resource"("kind", "last_seen_day" DESC);
