import type { PrismaClient } from "@/lib/generated/prisma/client";

/**
 * Rows of each rollup that differ from the same aggregate over `event` (both directions).
 * Empty when every counter is exact.
 */
export async function rollupDifferences(prisma: PrismaClient) {
  const diff = (name: string, kept: string, counted: string) =>
    prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT '${name}' AS rollup, 'kept only' AS side, * FROM ((${kept}) EXCEPT ALL (${counted})) k
       UNION ALL SELECT '${name}', 'counted only', * FROM ((${counted}) EXCEPT ALL (${kept})) c`,
    );
  const results = await Promise.all([
    diff(
      "actor",
      `SELECT id, event_count, write_count, failure_count, first_seen, last_seen FROM actor WHERE event_count > 0`,
      `SELECT actor_id, count(*)::int, (count(*) FILTER (WHERE NOT read_only))::int,
         (count(*) FILTER (WHERE error_code IS NOT NULL))::int, min(event_time), max(event_time)
       FROM event GROUP BY actor_id`,
    ),
    diff(
      "actor_source",
      `SELECT actor_id, source_ip, user_agent, user_agent_family, user_agent_detail, event_count, write_count,
         failure_count, first_seen, last_seen FROM actor_source`,
      `SELECT actor_id, coalesce(source_ip, ''), coalesce(user_agent, ''), user_agent_family,
         coalesce(user_agent_detail, ''), count(*)::int, (count(*) FILTER (WHERE NOT read_only))::int,
         (count(*) FILTER (WHERE error_code IS NOT NULL))::int, min(event_time), max(event_time)
       FROM event GROUP BY 1, 2, 3, 4, 5`,
    ),
    diff(
      "actor_activity",
      `SELECT actor_id, day, account_id, event_name, error_code, event_count, write_count, first_seen, last_seen
       FROM actor_activity`,
      `SELECT actor_id, (event_time AT TIME ZONE 'UTC')::date, account_id, event_name, coalesce(error_code, ''),
         count(*)::int, (count(*) FILTER (WHERE NOT read_only))::int, min(event_time), max(event_time)
       FROM event GROUP BY 1, 2, 3, 4, 5`,
    ),
    diff(
      "actor_session",
      `SELECT actor_id, created_at, mfa, event_count, first_seen, last_seen FROM actor_session`,
      `SELECT actor_id, coalesce(record #>> '{userIdentity,sessionContext,attributes,creationDate}', ''),
         coalesce(mfa_authenticated::text, ''), count(*)::int, min(event_time), max(event_time)
       FROM event GROUP BY 1, 2, 3`,
    ),
    diff(
      "actor_resource",
      `SELECT actor_id, resource_id, event_count, write_count, first_seen, last_seen FROM actor_resource`,
      `SELECT e.actor_id, er.resource_id, count(DISTINCT e.id)::int,
         (count(DISTINCT e.id) FILTER (WHERE NOT e.read_only))::int, min(e.event_time), max(e.event_time)
       FROM event_resource er JOIN event e ON e.id = er.event_id GROUP BY 1, 2`,
    ),
  ]);
  return results.flat();
}
