-- Disk per event (issue 19, session 20): security_event copied account_id and aws_region from event, and
-- its primary key (event_id, flag) duplicated what (flag, event_time, event_id) already holds. The Security
-- view's account and region filters now read them from event, joined by its primary key, and the one
-- index left is unique: an event has a flag once, and a lookup by event names its time as well.
-- The table is rebuilt rather than altered, so the dropped columns leave no space behind.

ALTER TABLE "security_event" RENAME TO "security_event_narrowed";
ALTER TABLE "security_event_narrowed" RENAME CONSTRAINT "security_event_pkey" TO "security_event_narrowed_pkey";
ALTER TABLE "security_event_narrowed" RENAME CONSTRAINT "security_event_flag_check" TO "security_event_narrowed_flag_check";
ALTER INDEX "security_event_flag_event_time_event_id_idx" RENAME TO "security_event_narrowed_flag_idx";

-- CreateTable
CREATE TABLE "security_event" (
    "event_id" BIGINT NOT NULL,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "flag" TEXT NOT NULL
);

INSERT INTO "security_event" ("event_id", "event_time", "flag")
SELECT "event_id", "event_time", "flag" FROM "security_event_narrowed" ORDER BY "event_time", "event_id", "flag";

DROP TABLE "security_event_narrowed";

-- CreateIndex
CREATE UNIQUE INDEX "security_event_flag_event_time_event_id_key" ON "security_event"("flag", "event_time" DESC, "event_id" DESC);

ALTER TABLE "security_event" ADD CONSTRAINT "security_event_flag_check"
    CHECK ("flag" IN ('destructive', 'failover', 'auth', 'users', 'encryption', 'network', 'root', 'console-no-mfa'));

ANALYZE "security_event";
