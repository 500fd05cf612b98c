-- Disk per event (issue 19, session 20): security_event copied the event's account_id and aws_region as
-- text (~24 B a row), and its primary key (event_id, flag) duplicated what (flag, event_time, event_id)
-- already holds. A row now names the account and region by account_region id (4 B, the pairs stored once:
-- migration 20261212132000), and the one index left is unique: an event has a flag once, and a lookup by
-- event names its time as well. The Security view's scope stays a filter on the table's own rows (read
-- through event instead, the busiest account's flagged counts took 15 times as long at 210,000 events).
-- The table is rebuilt rather than altered, so the dropped columns leave no space behind.

INSERT INTO "account_region" ("account_id", "aws_region")
SELECT DISTINCT "account_id", "aws_region" FROM "security_event"
ORDER BY 1, 2
ON CONFLICT ("account_id", "aws_region") DO NOTHING;

ALTER TABLE "security_event" RENAME TO "security_event_scoped";
ALTER TABLE "security_event_scoped" RENAME CONSTRAINT "security_event_pkey" TO "security_event_scoped_pkey";
ALTER TABLE "security_event_scoped" RENAME CONSTRAINT "security_event_flag_check" TO "security_event_scoped_flag_check";
ALTER INDEX "security_event_flag_event_time_event_id_idx" RENAME TO "security_event_scoped_flag_idx";

-- CreateTable
CREATE TABLE "security_event" (
    "event_id" BIGINT NOT NULL,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "account_region_id" INTEGER NOT NULL,
    "flag" TEXT NOT NULL
);

INSERT INTO "security_event" ("event_id", "event_time", "account_region_id", "flag")
SELECT s."event_id", s."event_time", p."id", s."flag"
FROM "security_event_scoped" s
JOIN "account_region" p ON p."account_id" = s."account_id" AND p."aws_region" = s."aws_region"
ORDER BY s."event_time", s."event_id", s."flag";

DROP TABLE "security_event_scoped";

-- CreateIndex
CREATE UNIQUE INDEX "security_event_flag_event_time_event_id_key" ON "security_event"("flag", "event_time" DESC, "event_id" DESC);

ALTER TABLE "security_event" ADD CONSTRAINT "security_event_flag_check"
    CHECK ("flag" IN ('destructive', 'failover', 'auth', 'users', 'encryption', 'network', 'root', 'console-no-mfa'));

ANALYZE "account_region";
ANALYZE "security_event";
