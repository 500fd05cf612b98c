-- CreateTable
CREATE TABLE "resource_history" (
    "resource_id" BIGINT NOT NULL,
    "version" INTEGER NOT NULL,
    "event_count" INTEGER NOT NULL,
    "body" BYTEA NOT NULL,
    "built_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resource_history_pkey" PRIMARY KEY ("resource_id")
);

-- AddForeignKey
ALTER TABLE "resource_history" ADD CONSTRAINT "resource_history_resource_id_fkey" FOREIGN KEY ("resource_id") REFERENCES "resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The body is gzip already: store it out of line without compressing it again.
ALTER TABLE "resource_history" ALTER COLUMN "body" SET STORAGE EXTERNAL;
