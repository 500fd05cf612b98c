-- AlterTable
ALTER TABLE "actor" ADD COLUMN     "failure_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "write_count" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "actor_source" (
    "actor_id" BIGINT NOT NULL,
    "source_ip" TEXT NOT NULL,
    "user_agent" TEXT NOT NULL,
    "user_agent_family" TEXT NOT NULL,
    "user_agent_detail" TEXT NOT NULL DEFAULT '',
    "event_count" INTEGER NOT NULL,
    "write_count" INTEGER NOT NULL,
    "failure_count" INTEGER NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "actor_source_pkey" PRIMARY KEY ("actor_id","source_ip","user_agent","user_agent_family","user_agent_detail")
);

-- CreateTable
CREATE TABLE "actor_activity" (
    "actor_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "account_id" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "error_code" TEXT NOT NULL,
    "event_count" INTEGER NOT NULL,
    "write_count" INTEGER NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "actor_activity_pkey" PRIMARY KEY ("actor_id","day","account_id","event_name","error_code")
);

-- CreateTable
CREATE TABLE "actor_resource" (
    "actor_id" BIGINT NOT NULL,
    "resource_id" BIGINT NOT NULL,
    "event_count" INTEGER NOT NULL,
    "write_count" INTEGER NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "actor_resource_pkey" PRIMARY KEY ("actor_id","resource_id")
);

-- CreateTable
CREATE TABLE "actor_session" (
    "actor_id" BIGINT NOT NULL,
    "created_at" TEXT NOT NULL,
    "mfa" TEXT NOT NULL,
    "event_count" INTEGER NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "actor_session_pkey" PRIMARY KEY ("actor_id","created_at","mfa")
);

-- CreateIndex
CREATE INDEX "actor_source_source_ip_idx" ON "actor_source"("source_ip");

-- AddForeignKey
ALTER TABLE "actor_source" ADD CONSTRAINT "actor_source_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actor_activity" ADD CONSTRAINT "actor_activity_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actor_resource" ADD CONSTRAINT "actor_resource_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actor_resource" ADD CONSTRAINT "actor_resource_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "actor_session" ADD CONSTRAINT "actor_session_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the counters of events stored before this migration, computed the way
-- lib/ingest/actor-rollups.ts adds each batch, so existing databases start exactly consistent.
UPDATE "actor" a SET "write_count" = c.writes, "failure_count" = c.failures
FROM (SELECT actor_id, count(*) FILTER (WHERE NOT read_only) AS writes,
        count(*) FILTER (WHERE error_code IS NOT NULL) AS failures
      FROM "event" GROUP BY actor_id) c
WHERE a.id = c.actor_id;

INSERT INTO "actor_source" (actor_id, source_ip, user_agent, user_agent_family, user_agent_detail, event_count,
  write_count, failure_count, first_seen, last_seen)
SELECT actor_id, left(coalesce(source_ip, ''), 256), left(coalesce(user_agent, ''), 512), user_agent_family,
  coalesce(user_agent_detail, ''), count(*), count(*) FILTER (WHERE NOT read_only),
  count(*) FILTER (WHERE error_code IS NOT NULL), min(event_time), max(event_time)
FROM "event" GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "actor_activity" (actor_id, day, account_id, event_name, error_code, event_count, write_count,
  first_seen, last_seen)
SELECT actor_id, (event_time AT TIME ZONE 'UTC')::date, account_id, event_name, left(coalesce(error_code, ''), 256),
  count(*), count(*) FILTER (WHERE NOT read_only), min(event_time), max(event_time)
FROM "event" GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "actor_session" (actor_id, created_at, mfa, event_count, first_seen, last_seen)
SELECT actor_id, left(coalesce(record #>> '{userIdentity,sessionContext,attributes,creationDate}', ''), 64),
  coalesce(mfa_authenticated::text, ''), count(*), min(event_time), max(event_time)
FROM "event" GROUP BY 1, 2, 3;

INSERT INTO "actor_resource" (actor_id, resource_id, event_count, write_count, first_seen, last_seen)
SELECT e.actor_id, er.resource_id, count(DISTINCT e.id), count(DISTINCT e.id) FILTER (WHERE NOT e.read_only),
  min(e.event_time), max(e.event_time)
FROM "event_resource" er JOIN "event" e ON e.id = er.event_id
GROUP BY 1, 2;
