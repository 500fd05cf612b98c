-- Disk per event (issue 19): the userAgent text (~100 B, shared by most events) is stored once per
-- distinct agent in user_agent, and event.user_agent_id points to it. The key is the SHA-256 of the
-- UTF-8 of the text: a userAgent may be up to 8 KB, longer than a B-tree entry may be. Existing rows are
-- converted set-based before the text column goes: no event loses its agent.

-- CreateTable
CREATE TABLE "user_agent" (
    "id" SERIAL NOT NULL,
    "digest" BYTEA NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "user_agent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_agent_digest_key" ON "user_agent"("digest");

-- Every agent already stored, once.
INSERT INTO "user_agent" ("digest", "text")
SELECT sha256(convert_to(a, 'UTF8')), a
FROM (SELECT DISTINCT "user_agent" AS a FROM "event" WHERE "user_agent" IS NOT NULL) d
ORDER BY a;

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "user_agent_id" INTEGER;

UPDATE "event" e SET "user_agent_id" = u."id"
FROM "user_agent" u
WHERE e."user_agent" IS NOT NULL AND u."digest" = sha256(convert_to(e."user_agent", 'UTF8'));

-- Not one agent left behind: adding this CHECK reads every row and stops the migration if one was not converted.
ALTER TABLE "event" ADD CONSTRAINT "event_user_agent_converted" CHECK ("user_agent" IS NULL OR "user_agent_id" IS NOT NULL);
ALTER TABLE "event" DROP CONSTRAINT "event_user_agent_converted";

-- AlterTable
ALTER TABLE "event" DROP COLUMN "user_agent";

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_user_agent_id_fkey" FOREIGN KEY ("user_agent_id") REFERENCES "user_agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;
