-- CreateTable
CREATE TABLE "event_link_pass" (
    "version" INTEGER NOT NULL,
    "through_event_id" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_link_pass_pkey" PRIMARY KEY ("version")
);
