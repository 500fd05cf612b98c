import { ACTOR_ROLLUPS_MOVE } from "./actor-sql";

// Every rollup the app keeps, as the one hook of the store's move (lib/ingest/store.ts): the
// Overview's and Security view's tables below, then the Actors pages' (./actor-sql.ts). Events are
// counted twice, per kind without the actor (event_kind_rollup) and per actor without the kind
// (actor_rollup), each per UTC hour and day: a period's KPIs and chart then sum a few hundred rows
// rather than a row per actor, kind and error code. Run in the batch's transaction
// after the events, resources and event_resource rows, from staging_stored — the rows this
// batch really inserted — so an event counts once whichever of two overlapping ingests stored
// it. Upserts go in key order, like the counters', so concurrent batches lock alike.
// No parameters: constants only (the kind rule's prefixes).
//
// Hours are UTC hours (date_trunc with an explicit zone: the session's TimeZone must not move them).
// The resource rollups and security_event name the calls' account and region by account_region id (issue 19:
// ~24 B of text a row and key); the batch first adds the pairs it stores that are new, in key order.

export const ROLLUP_MOVE = `
INSERT INTO event_kind_rollup (hour, account_id, aws_region, kind, error_code, event_count)
SELECT date_trunc('hour', s.event_time, 'UTC'), s.account_id, s.aws_region, s.kind, COALESCE(s.error_code, ''), count(*)
FROM staging_stored s
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (hour, account_id, aws_region, kind, error_code)
DO UPDATE SET event_count = event_kind_rollup.event_count + EXCLUDED.event_count;

INSERT INTO event_kind_rollup_day (day, account_id, aws_region, kind, error_code, event_count)
SELECT date_trunc('day', s.event_time, 'UTC'), s.account_id, s.aws_region, s.kind, COALESCE(s.error_code, ''), count(*)
FROM staging_stored s
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (day, account_id, aws_region, kind, error_code)
DO UPDATE SET event_count = event_kind_rollup_day.event_count + EXCLUDED.event_count;

INSERT INTO actor_rollup (hour, account_id, aws_region, actor_id, error_code, event_count, write_count)
SELECT date_trunc('hour', s.event_time, 'UTC'), s.account_id, s.aws_region, s.actor_id, COALESCE(s.error_code, ''),
  count(*), count(*) FILTER (WHERE s.is_write)
FROM staging_stored s
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (hour, account_id, aws_region, actor_id, error_code) DO UPDATE SET
  event_count = actor_rollup.event_count + EXCLUDED.event_count,
  write_count = actor_rollup.write_count + EXCLUDED.write_count;

INSERT INTO actor_rollup_day (day, account_id, aws_region, actor_id, error_code, event_count, write_count)
SELECT date_trunc('day', s.event_time, 'UTC'), s.account_id, s.aws_region, s.actor_id, COALESCE(s.error_code, ''),
  count(*), count(*) FILTER (WHERE s.is_write)
FROM staging_stored s
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (day, account_id, aws_region, actor_id, error_code) DO UPDATE SET
  event_count = actor_rollup_day.event_count + EXCLUDED.event_count,
  write_count = actor_rollup_day.write_count + EXCLUDED.write_count;

INSERT INTO resource_change_rollup (hour, account_region_id, resource_id, kind, event_count)
SELECT date_trunc('hour', s.event_time, 'UTC'), s.account_region_id, l.resource_id, s.kind, count(DISTINCT s.id)
FROM staging_link l JOIN staging_stored s ON s.id = l.event_id
WHERE l.role = 'target' AND s.is_write
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4
ON CONFLICT (hour, account_region_id, resource_id, kind)
DO UPDATE SET event_count = resource_change_rollup.event_count + EXCLUDED.event_count;

INSERT INTO resource_change_rollup_day (day, account_region_id, resource_id, event_count, create_count, delete_count)
SELECT date_trunc('day', s.event_time, 'UTC'), s.account_region_id, l.resource_id, count(DISTINCT s.id),
  count(DISTINCT s.id) FILTER (WHERE s.kind = 'create'), count(DISTINCT s.id) FILTER (WHERE s.kind = 'delete')
FROM staging_link l JOIN staging_stored s ON s.id = l.event_id
WHERE l.role = 'target' AND s.is_write
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
ON CONFLICT (day, account_region_id, resource_id) DO UPDATE SET
  event_count = resource_change_rollup_day.event_count + EXCLUDED.event_count,
  create_count = resource_change_rollup_day.create_count + EXCLUDED.create_count,
  delete_count = resource_change_rollup_day.delete_count + EXCLUDED.delete_count;

INSERT INTO security_event (event_id, event_time, account_region_id, flag)
SELECT s.id, s.event_time, s.account_region_id, f.flag
FROM staging_stored s CROSS JOIN LATERAL unnest(string_to_array(s.security_flags, ',')) AS f(flag)
WHERE s.security_flags IS NOT NULL;

INSERT INTO principal_seen (account_id, aws_region, actor_id, source_ip, first_seen, last_seen, event_count)
SELECT s.account_id, s.aws_region, s.actor_id, COALESCE(s.source_ip, ''), min(s.event_time), max(s.event_time), count(*)
FROM staging_stored s
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4
ON CONFLICT (account_id, aws_region, actor_id, source_ip) DO UPDATE SET
  first_seen = LEAST(principal_seen.first_seen, EXCLUDED.first_seen),
  last_seen = GREATEST(principal_seen.last_seen, EXCLUDED.last_seen),
  event_count = principal_seen.event_count + EXCLUDED.event_count;
${ACTOR_ROLLUPS_MOVE}`;
