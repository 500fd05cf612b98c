-- The resources list's tab counts under an engine or status filter (lib/resources/list-queries.ts) read the whole
-- table: a parallel sequential scan of resource, 58 ms of the list's 72.5 ms p50 / 124.6 ms p95 at 1 M events
-- (115,617 resources), and the count of resources not summarised yet another sequential scan beside it (26 ms).
-- Status, engine, kind, account and region: an index-only count of the filtered resources (5-7 ms for the deleted
-- redis cache clusters). Few distinct keys, so deduplication keeps it under 1 MB at 1 M events.
-- text_pattern_ops: the engine filter is a prefix (a parameter group has a family such as "redis7"), and only
-- these operators turn LIKE 'redis%' into a range under a collation other than C.
CREATE INDEX "resource_status_engine_kind_account_id_region_idx" ON "resource"("status", "engine" text_pattern_ops, "kind", "account_id", "region");

-- The resources whose events changed since their summary: few once the sweeper has caught up.
CREATE INDEX "resource_unsummarised_idx" ON "resource"("id") WHERE (summarised_events <> event_count);
