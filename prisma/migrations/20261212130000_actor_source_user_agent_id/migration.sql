-- Disk per event (issue 19, session 20): actor_source kept each agent's text (up to 512 characters, ~200 B)
-- in its heap and again in its primary key, though user_agent holds each distinct text once. A row now
-- names the agent by user_agent.id (0: the call had no agent). The family and detail stay in the key:
-- the family also depends on the record (console credentials, the caller's type), not on the text alone.
-- Existing rows are converted, not recounted from events: agents missing from user_agent (a text the
-- rollup cut to 512 characters) are added by digest, then every row is mapped and the table is rebuilt,
-- its columns ordered so that none needs padding.

-- Every agent the rows name, in user_agent.
INSERT INTO "user_agent" ("digest", "text")
SELECT DISTINCT ON (digest) digest, "user_agent"
FROM (SELECT sha256(convert_to("user_agent", 'UTF8')) AS digest, "user_agent" FROM "actor_source"
      WHERE "user_agent" <> '') s
ORDER BY digest
ON CONFLICT ("digest") DO NOTHING;

ALTER TABLE "actor_source" RENAME TO "actor_source_converted";
ALTER TABLE "actor_source_converted" RENAME CONSTRAINT "actor_source_pkey" TO "actor_source_converted_pkey";
ALTER TABLE "actor_source_converted" RENAME CONSTRAINT "actor_source_actor_id_fkey" TO "actor_source_converted_actor_id_fkey";
ALTER INDEX "actor_source_source_ip_idx" RENAME TO "actor_source_converted_source_ip_idx";

-- CreateTable
CREATE TABLE "actor_source" (
    "actor_id" BIGINT NOT NULL,
    "first_seen" TIMESTAMPTZ(3) NOT NULL,
    "last_seen" TIMESTAMPTZ(3) NOT NULL,
    "user_agent_id" INTEGER NOT NULL,
    "event_count" INTEGER NOT NULL,
    "write_count" INTEGER NOT NULL,
    "failure_count" INTEGER NOT NULL,
    "source_ip" TEXT NOT NULL,
    "user_agent_family" TEXT NOT NULL,
    "user_agent_detail" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "actor_source_pkey" PRIMARY KEY ("actor_id","source_ip","user_agent_id","user_agent_family","user_agent_detail")
);

-- Two rows whose texts were cut to the same 512 characters already were one row, so the mapping is one to one.
INSERT INTO "actor_source" ("actor_id", "first_seen", "last_seen", "user_agent_id", "event_count", "write_count",
  "failure_count", "source_ip", "user_agent_family", "user_agent_detail")
SELECT s."actor_id", s."first_seen", s."last_seen", coalesce(u."id", 0), s."event_count", s."write_count",
  s."failure_count", s."source_ip", s."user_agent_family", s."user_agent_detail"
FROM "actor_source_converted" s
LEFT JOIN "user_agent" u ON s."user_agent" <> '' AND u."digest" = sha256(convert_to(s."user_agent", 'UTF8'))
ORDER BY 1, 8, 4, 9, 10;

DROP TABLE "actor_source_converted";

-- CreateIndex
CREATE INDEX "actor_source_source_ip_idx" ON "actor_source"("source_ip");

-- AddForeignKey
ALTER TABLE "actor_source" ADD CONSTRAINT "actor_source_actor_id_fkey"
    FOREIGN KEY ("actor_id") REFERENCES "actor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ANALYZE "actor_source";
