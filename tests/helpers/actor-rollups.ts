import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordColumns, recordTextOf, type StoredRecordColumns } from "@/lib/events/record-codec-sql";
import { eventKindSqlText } from "@/lib/rollups/sql-text";

/**
 * Rows of each rollup that differ from the same aggregate over `event` (both directions): the
 * Actors pages' counters and the Overview's and Security view's rollups that an actor's or a
 * kind's events can be counted into straight from `event`. Empty when every counter is exact.
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
      `SELECT actor_id, source_ip, coalesce(ua.text, ''), user_agent_family, user_agent_detail, event_count,
         write_count, failure_count, first_seen, last_seen
       FROM actor_source LEFT JOIN user_agent ua ON ua.id = actor_source.user_agent_id`,
      `SELECT actor_id, coalesce(source_ip, ''), coalesce(ua.text, ''), user_agent_family,
         coalesce(user_agent_detail, ''), count(*)::int, (count(*) FILTER (WHERE NOT read_only))::int,
         (count(*) FILTER (WHERE error_code IS NOT NULL))::int, min(event_time), max(event_time)
       FROM event LEFT JOIN user_agent ua ON ua.id = event.user_agent_id GROUP BY 1, 2, 3, 4, 5`,
    ),
    diff(
      "actor_activity",
      `SELECT actor_id, day, account_id, event_name, error_code, event_count, write_count, first_seen, last_seen
       FROM actor_activity`,
      `SELECT actor_id, (event_time AT TIME ZONE 'UTC')::date, account_id, event_name, coalesce(error_code, ''),
         count(*)::int, (count(*) FILTER (WHERE NOT read_only))::int, min(event_time), max(event_time)
       FROM event GROUP BY 1, 2, 3, 4, 5`,
    ),
    sessionDifferences(prisma),
    // The Overview's and Security view's rollups by kind and by actor (lib/rollups/store-sql.ts).
    diff(
      "event_kind_rollup",
      `SELECT hour, account_id, aws_region, kind, error_code, event_count FROM event_kind_rollup`,
      `SELECT date_trunc('hour', event_time, 'UTC'), account_id, aws_region, ${eventKindSqlText("event")},
         coalesce(error_code, ''), count(*)::int
       FROM event GROUP BY 1, 2, 3, 4, 5`,
    ),
    diff(
      "event_kind_rollup_day",
      `SELECT day, account_id, aws_region, kind, error_code, event_count FROM event_kind_rollup_day`,
      `SELECT date_trunc('day', event_time, 'UTC'), account_id, aws_region, ${eventKindSqlText("event")},
         coalesce(error_code, ''), count(*)::int
       FROM event GROUP BY 1, 2, 3, 4, 5`,
    ),
    diff(
      "actor_rollup",
      `SELECT hour, account_id, aws_region, actor_id, error_code, event_count, write_count FROM actor_rollup`,
      `SELECT date_trunc('hour', event_time, 'UTC'), account_id, aws_region, actor_id, coalesce(error_code, ''),
         count(*)::int, (count(*) FILTER (WHERE NOT read_only AND error_code IS NULL))::int
       FROM event GROUP BY 1, 2, 3, 4, 5`,
    ),
    diff(
      "actor_rollup_day",
      `SELECT day, account_id, aws_region, actor_id, error_code, event_count, write_count FROM actor_rollup_day`,
      `SELECT date_trunc('day', event_time, 'UTC'), account_id, aws_region, actor_id, coalesce(error_code, ''),
         count(*)::int, (count(*) FILTER (WHERE NOT read_only AND error_code IS NULL))::int
       FROM event GROUP BY 1, 2, 3, 4, 5`,
    ),
    diff(
      "principal_seen",
      `SELECT account_id, aws_region, actor_id, source_ip, first_seen, last_seen, event_count FROM principal_seen`,
      `SELECT account_id, aws_region, actor_id, coalesce(source_ip, ''), min(event_time), max(event_time), count(*)::int
       FROM event GROUP BY 1, 2, 3, 4`,
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

/**
 * actor_session against the events: the creation date is inside the stored record, which SQL
 * cannot read (lib/events/record-codec.ts), so the events are grouped here after decoding.
 */
async function sessionDifferences(prisma: PrismaClient): Promise<Record<string, unknown>[]> {
  const events = await prisma.$queryRaw<
    Array<
      {
        actor_id: bigint;
        event_time: Date;
        mfa: string;
      } & StoredRecordColumns
    >
  >`SELECT actor_id, event_time, coalesce(mfa_authenticated::text, '') AS mfa, ${recordColumns("e")}
    FROM event e`;
  const counted = new Map<string, { n: number; first: number; last: number }>();
  for (const e of events) {
    const text = recordTextOf(e);
    const created = JSON.parse(text)?.userIdentity?.sessionContext?.attributes?.creationDate;
    const key = JSON.stringify([
      String(e.actor_id),
      (typeof created === "string" ? created : created == null ? "" : JSON.stringify(created)).slice(0, 64),
      e.mfa,
    ]);
    const c = counted.get(key) ?? { n: 0, first: Infinity, last: -Infinity };
    c.n++;
    c.first = Math.min(c.first, e.event_time.getTime());
    c.last = Math.max(c.last, e.event_time.getTime());
    counted.set(key, c);
  }
  const kept = await prisma.$queryRaw<
    Array<{ actor_id: bigint; created_at: string; mfa: string; event_count: number; first_seen: Date; last_seen: Date }>
  >`SELECT actor_id, created_at, mfa, event_count, first_seen, last_seen FROM actor_session`;
  const out: Record<string, unknown>[] = [];
  const keptKeys = new Set<string>();
  for (const k of kept) {
    const key = JSON.stringify([String(k.actor_id), k.created_at, k.mfa]);
    keptKeys.add(key);
    const c = counted.get(key);
    if (!c || c.n !== k.event_count || c.first !== k.first_seen.getTime() || c.last !== k.last_seen.getTime())
      out.push({ rollup: "actor_session", side: "kept only", ...k });
  }
  for (const [key, c] of counted)
    if (!keptKeys.has(key)) out.push({ rollup: "actor_session", side: "counted only", key, ...c });
  return out;
}
