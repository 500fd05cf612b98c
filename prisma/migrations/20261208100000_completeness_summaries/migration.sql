-- Completeness summaries kept exact at write time (issue 16, coverage speed): the report reads one
-- row per digest and only the few problem rows, never the named files of complete hours. They are
-- kept by lib/completeness/store.ts (no semicolons in comments here: the migration runner splits on them).

-- AlterTable: existing rows start named (a fast default, no table rewrite) and new rows not. The
-- backfill below clears the rows no digest names.
ALTER TABLE "digest" ADD COLUMN     "chain_broken" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "log_file_read" ADD COLUMN     "named" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "log_file_read" ALTER COLUMN "named" SET DEFAULT false;

-- Backfill: a read file is named when a stored digest names a log file of its content or its name.
UPDATE log_file_read r SET named = false
WHERE NOT EXISTS (SELECT 1 FROM digest_log_file f WHERE f.hash_value = r.content_sha256)
  AND NOT EXISTS (SELECT 1 FROM digest_log_file f WHERE f.base_name = r.base_name);

-- Backfill: chain breaks (the predecessor is not stored, or does not hash to previous_hash).
UPDATE digest d SET chain_broken = true
WHERE d.previous_key IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM digest p WHERE p.key = d.previous_key AND (d.previous_hash IS NULL OR p.content_sha256 = d.previous_hash)
  );

-- Counters recomputed once (the earlier recount could lose a race between two concurrent matches).
UPDATE digest d SET files_read = c.read, files_modified = c.modified, files_missing = d.log_file_count - c.read
FROM (
  SELECT digest_id, count(file_id)::int AS read, count(*) FILTER (WHERE content_matches = false)::int AS modified
  FROM digest_log_file GROUP BY digest_id
) c
WHERE d.id = c.digest_id
  AND (d.files_read <> c.read OR d.files_modified <> c.modified OR d.files_missing <> d.log_file_count - c.read);

-- CreateIndex
CREATE INDEX "digest_chain_broken_idx" ON "digest"("start_time") WHERE (chain_broken);

-- CreateIndex
CREATE INDEX "digest_unverified_idx" ON "digest"("start_time") WHERE (signature_status <> 'valid');

-- CreateIndex
CREATE INDEX "digest_modified_idx" ON "digest"("start_time") WHERE (files_modified > 0);

-- CreateIndex
CREATE INDEX "log_file_read_unnamed_idx" ON "log_file_read"("delivered_at") WHERE (NOT named);
