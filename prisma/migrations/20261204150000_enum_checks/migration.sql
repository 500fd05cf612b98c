-- The values of the zod enums in lib/ingest/run-summary.ts (sourceKindSchema, runStatusSchema)
-- and lib/ingest/file-summary.ts (recordedFileOutcomeSchema), enforced by the database too.
-- Prisma's schema language has no CHECK constraints, so they live in migrations only;
-- the drift test (tests/integration/migrations.test.ts) keeps them equal to the enums.

-- AlterTable
ALTER TABLE "source" ADD CONSTRAINT "source_kind_check" CHECK ("kind" IN ('upload', 'api', 'cli', 's3'));

-- AlterTable
ALTER TABLE "ingest_run" ADD CONSTRAINT "ingest_run_status_check"
    CHECK ("status" IN ('running', 'succeeded', 'partial', 'failed', 'aborted'));

-- AlterTable
ALTER TABLE "ingest_file" ADD CONSTRAINT "ingest_file_outcome_check"
    CHECK ("outcome" IN ('pending', 'ok', 'partial', 'failed', 'skipped', 'not-ingested'));
