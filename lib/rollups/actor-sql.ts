// The actor pages' counters, kept in the same transaction as the events they count (part of
// lib/rollups/store-sql.ts's ROLLUP_MOVE, after staging_stored holds the rows this batch really inserted). Like the
// actor and resource counters, each statement only ever adds the batch's own rows, so a
// re-ingest adds nothing and concurrent overlapping ingests add disjoint subsets: the rollups
// equal a count over `event` at every commit (tests/integration/actors-rollups.test.ts).
// Rows are upserted in key order so concurrent batches lock them in the same order.
//
// Why rollups: at 1,000,000 events the busiest actor has over 100,000 of them; grouping those by
// operation, day, source or session means reading each row from the heap, which took seconds
// on two cores. These tables hold a few rows per actor and day, so every Actors endpoint reads
// an index range instead (docs/benchmarks.md, Actors).
//
// Key columns are cut to lengths a btree entry always holds (a 2,048-character "IP" would not);
// real source IPs and error codes are far shorter, so the cut only guards the index. The agent is
// named by its user_agent id (0 for none), found by digest as the event's own is: its text is
// stored once there, not in every actor_source row and key (~200 B each, issue 19). The join is
// on a unique key and only actor_source reads the id, so the other statements' plans drop it.

/** Each stored event of the batch with the columns the rollups group by. */
const BATCH_CALLS = `
  SELECT s.id, s.actor_id, s.event_time, s.account_id, s.event_name, NOT s.read_only AS is_write,
    s.error_code IS NOT NULL AS failed, left(coalesce(s.error_code, ''), 256) AS error_code,
    left(coalesce(s.source_ip, ''), 256) AS source_ip, coalesce(s.user_agent_id, 0) AS user_agent_id,
    s.user_agent_family, coalesce(s.user_agent_detail, '') AS user_agent_detail,
    left(coalesce(s.session_created, ''), 64) AS session_created,
    coalesce(s.mfa_authenticated::text, '') AS mfa
  FROM staging_stored s`;

export const ACTOR_ROLLUPS_MOVE = `
UPDATE actor SET write_count = actor.write_count + c.writes, failure_count = actor.failure_count + c.failures
FROM (SELECT actor_id, count(*) FILTER (WHERE is_write) AS writes, count(*) FILTER (WHERE failed) AS failures
      FROM (${BATCH_CALLS}) b GROUP BY actor_id) c
WHERE actor.id = c.actor_id AND (c.writes > 0 OR c.failures > 0);

INSERT INTO actor_source (actor_id, source_ip, user_agent_id, user_agent_family, user_agent_detail, event_count,
  write_count, failure_count, first_seen, last_seen)
SELECT actor_id, source_ip, user_agent_id, user_agent_family, user_agent_detail, count(*),
  count(*) FILTER (WHERE is_write), count(*) FILTER (WHERE failed), min(event_time), max(event_time)
FROM (${BATCH_CALLS}) b
GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (actor_id, source_ip, user_agent_id, user_agent_family, user_agent_detail) DO UPDATE SET
  event_count = actor_source.event_count + EXCLUDED.event_count,
  write_count = actor_source.write_count + EXCLUDED.write_count,
  failure_count = actor_source.failure_count + EXCLUDED.failure_count,
  first_seen = LEAST(actor_source.first_seen, EXCLUDED.first_seen),
  last_seen = GREATEST(actor_source.last_seen, EXCLUDED.last_seen);

INSERT INTO actor_activity (actor_id, day, account_id, event_name, error_code, event_count, write_count, first_seen,
  last_seen)
SELECT actor_id, (event_time AT TIME ZONE 'UTC')::date, account_id, event_name, error_code, count(*),
  count(*) FILTER (WHERE is_write), min(event_time), max(event_time)
FROM (${BATCH_CALLS}) b
GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (actor_id, day, account_id, event_name, error_code) DO UPDATE SET
  event_count = actor_activity.event_count + EXCLUDED.event_count,
  write_count = actor_activity.write_count + EXCLUDED.write_count,
  first_seen = LEAST(actor_activity.first_seen, EXCLUDED.first_seen),
  last_seen = GREATEST(actor_activity.last_seen, EXCLUDED.last_seen);

INSERT INTO actor_session (actor_id, created_at, mfa, event_count, first_seen, last_seen)
SELECT actor_id, session_created, mfa, count(*), min(event_time), max(event_time)
FROM (${BATCH_CALLS}) b
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
ON CONFLICT (actor_id, created_at, mfa) DO UPDATE SET
  event_count = actor_session.event_count + EXCLUDED.event_count,
  first_seen = LEAST(actor_session.first_seen, EXCLUDED.first_seen),
  last_seen = GREATEST(actor_session.last_seen, EXCLUDED.last_seen);

INSERT INTO actor_resource (actor_id, resource_id, event_count, write_count, first_seen, last_seen)
SELECT s.actor_id, l.resource_id, count(DISTINCT s.id), count(DISTINCT s.id) FILTER (WHERE NOT s.read_only),
  min(s.event_time), max(s.event_time)
FROM staging_link l JOIN staging_stored s ON s.id = l.event_id
GROUP BY 1, 2 ORDER BY 1, 2
ON CONFLICT (actor_id, resource_id) DO UPDATE SET
  event_count = actor_resource.event_count + EXCLUDED.event_count,
  write_count = actor_resource.write_count + EXCLUDED.write_count,
  first_seen = LEAST(actor_resource.first_seen, EXCLUDED.first_seen),
  last_seen = GREATEST(actor_resource.last_seen, EXCLUDED.last_seen);
`;
