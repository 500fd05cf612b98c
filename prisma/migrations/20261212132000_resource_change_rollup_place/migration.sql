-- Disk per event (issue 19, session 20): resource_change_rollup and its daily tier held the calling event's
-- account id and region as text in every row and key (~24 B each). They cannot be read from the resource
-- instead: a global datastore's region is "" and an ARN can name another account or region, while the
-- Overview scopes by the event's. Each (account, region) pair is stored once, in account_region, and the
-- rows name it by id. Existing rows are converted and the tables rebuilt, their columns unpadded.

-- CreateTable
CREATE TABLE "account_region" (
    "id" SERIAL NOT NULL,
    "account_id" TEXT NOT NULL,
    "aws_region" TEXT NOT NULL,

    CONSTRAINT "account_region_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "account_region_account_id_aws_region_key" ON "account_region"("account_id", "aws_region");

INSERT INTO "account_region" ("account_id", "aws_region")
SELECT "account_id", "aws_region" FROM "resource_change_rollup"
UNION
SELECT "account_id", "aws_region" FROM "resource_change_rollup_day"
ORDER BY 1, 2;

ALTER TABLE "resource_change_rollup" RENAME TO "resource_change_rollup_converted";
ALTER TABLE "resource_change_rollup_converted"
    RENAME CONSTRAINT "resource_change_rollup_pkey" TO "resource_change_rollup_converted_pkey";
ALTER TABLE "resource_change_rollup_converted"
    RENAME CONSTRAINT "resource_change_rollup_kind_check" TO "resource_change_rollup_converted_kind_check";
ALTER TABLE "resource_change_rollup_day" RENAME TO "resource_change_rollup_day_converted";
ALTER TABLE "resource_change_rollup_day_converted"
    RENAME CONSTRAINT "resource_change_rollup_day_pkey" TO "resource_change_rollup_day_converted_pkey";

-- CreateTable
CREATE TABLE "resource_change_rollup" (
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "resource_id" BIGINT NOT NULL,
    "account_region_id" INTEGER NOT NULL,
    "event_count" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,

    CONSTRAINT "resource_change_rollup_pkey" PRIMARY KEY ("hour","account_region_id","resource_id","kind")
);

-- CreateTable
CREATE TABLE "resource_change_rollup_day" (
    "day" TIMESTAMPTZ(3) NOT NULL,
    "resource_id" BIGINT NOT NULL,
    "account_region_id" INTEGER NOT NULL,
    "event_count" INTEGER NOT NULL,
    "create_count" INTEGER NOT NULL,
    "delete_count" INTEGER NOT NULL,

    CONSTRAINT "resource_change_rollup_day_pkey" PRIMARY KEY ("day","account_region_id","resource_id")
);

INSERT INTO "resource_change_rollup" ("hour", "resource_id", "account_region_id", "event_count", "kind")
SELECT r."hour", r."resource_id", p."id", r."event_count", r."kind"
FROM "resource_change_rollup_converted" r
JOIN "account_region" p ON p."account_id" = r."account_id" AND p."aws_region" = r."aws_region"
ORDER BY r."hour", p."id", r."resource_id", r."kind";

INSERT INTO "resource_change_rollup_day" ("day", "resource_id", "account_region_id", "event_count", "create_count",
  "delete_count")
SELECT d."day", d."resource_id", p."id", d."event_count", d."create_count", d."delete_count"
FROM "resource_change_rollup_day_converted" d
JOIN "account_region" p ON p."account_id" = d."account_id" AND p."aws_region" = d."aws_region"
ORDER BY d."day", p."id", d."resource_id";

DROP TABLE "resource_change_rollup_converted";
DROP TABLE "resource_change_rollup_day_converted";

ALTER TABLE "resource_change_rollup" ADD CONSTRAINT "resource_change_rollup_kind_check"
    CHECK ("kind" IN ('create', 'modify', 'delete', 'other-write'));

ANALYZE "account_region";
ANALYZE "resource_change_rollup";
ANALYZE "resource_change_rollup_day";
