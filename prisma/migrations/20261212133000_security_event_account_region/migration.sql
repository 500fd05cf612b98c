-- Security view scoped by account or region (issue 19, session 20): read through event, the busiest
-- account's flagged counts went from 10 to 150 ms at 210,000 events (a hash of the account's events per
-- request). security_event names the calls' account and region by account_region id instead, 4 B where
-- the old copies took ~24, and a scope is again a filter on the table's own rows. Filled from event, whose
-- account and region the copies were. The table is rebuilt, its columns unpadded.

INSERT INTO "account_region" ("account_id", "aws_region")
SELECT DISTINCT e."account_id", e."aws_region"
FROM "security_event" s JOIN "event" e ON e."id" = s."event_id"
ORDER BY 1, 2
ON CONFLICT ("account_id", "aws_region") DO NOTHING;

ALTER TABLE "security_event" RENAME TO "security_event_scoped";
ALTER TABLE "security_event_scoped" RENAME CONSTRAINT "security_event_flag_check" TO "security_event_scoped_flag_check";
ALTER INDEX "security_event_flag_event_time_event_id_key" RENAME TO "security_event_scoped_flag_key";

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
JOIN "event" e ON e."id" = s."event_id"
JOIN "account_region" p ON p."account_id" = e."account_id" AND p."aws_region" = e."aws_region"
ORDER BY s."event_time", s."event_id", s."flag";

DROP TABLE "security_event_scoped";

-- CreateIndex
CREATE UNIQUE INDEX "security_event_flag_event_time_event_id_key" ON "security_event"("flag", "event_time" DESC, "event_id" DESC);

ALTER TABLE "security_event" ADD CONSTRAINT "security_event_flag_check"
    CHECK ("flag" IN ('destructive', 'failover', 'auth', 'users', 'encryption', 'network', 'root', 'console-no-mfa'));

ANALYZE "account_region";
ANALYZE "security_event";
