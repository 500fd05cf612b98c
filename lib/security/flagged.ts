import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { FlaggedEvent } from "@/lib/overview/types";
import type { Interval } from "@/lib/rollups/hours";
import { flaggedInPeriod, type RollupScope } from "@/lib/rollups/sources";
import { SECURITY_FLAGS, type SecurityFlag } from "./flags";
import { eventIdColumn } from "@/lib/events/event-id";

// The flagged calls of a period (security_event, written at ingest from lib/security/flags.ts):
// the latest ones with their actor and target, and how many there are. One index range on
// (flag, event_time) per flag.

interface FlaggedRow {
  event_id: string;
  event_time: Date;
  event_name: string;
  account_id: string;
  aws_region: string;
  error_code: string | null;
  actor_key: string;
  actor_name: string;
  actor_type: string;
  flags: string[];
  target: { accountId: string; region: string; kind: string; resourceId: string } | null;
}

export async function latestFlagged(
  prisma: PrismaClient,
  flags: readonly SecurityFlag[],
  period: Interval,
  scope: RollupScope,
  limit: number,
): Promise<FlaggedEvent[]> {
  // Each flag's newest rows come from its (flag, event_time) index range, newest first; an event
  // with several flags appears once per flag, so enough rows are taken to find `limit` events.
  const rows = await prisma.$queryRaw<FlaggedRow[]>`
    WITH newest AS (
      ${Prisma.join(
        flags.map(
          (flag) => Prisma.sql`(SELECT s.event_id, s.event_time FROM security_event s
            WHERE s.flag = ${flag} AND ${flaggedInPeriod("s", period, scope)}
            ORDER BY s.event_time DESC, s.event_id DESC LIMIT ${limit})`,
        ),
        " UNION ",
      )}
    ), picked AS (
      SELECT n.event_id, n.event_time FROM newest n ORDER BY n.event_time DESC, n.event_id DESC LIMIT ${limit}
    )
    SELECT ${eventIdColumn("e")} AS event_id, e.event_time, e.event_name, e.account_id, e.aws_region, e.error_code,
      a.key AS actor_key, a.name AS actor_name, a.type AS actor_type,
      ARRAY(SELECT f.flag FROM security_event f
            WHERE f.flag = ANY(${flags}::text[]) AND f.event_time = p.event_time AND f.event_id = p.event_id) AS flags,
      (SELECT json_build_object('accountId', r.account_id, 'region', r.region, 'kind', r.kind, 'resourceId', r.resource_id)
       FROM event_resource er JOIN resource r ON r.id = er.resource_id
       WHERE er.event_id = e.id AND er.role = 'target' ORDER BY r.kind, r.resource_id LIMIT 1) AS target
    FROM picked p JOIN event e ON e.id = p.event_id JOIN actor a ON a.id = e.actor_id
    ORDER BY p.event_time DESC, p.event_id DESC`;
  return rows.map(toFlagged);
}

function toFlagged(r: FlaggedRow): FlaggedEvent {
  return {
    eventId: r.event_id,
    eventTime: r.event_time.toISOString(),
    eventName: r.event_name,
    accountId: r.account_id,
    awsRegion: r.aws_region,
    errorCode: r.error_code,
    actor: { key: r.actor_key, name: r.actor_name, type: r.actor_type },
    flags: SECURITY_FLAGS.filter((f) => r.flags.includes(f)),
    resource: r.target,
  };
}

/**
 * The `limit` latest calls of each flag, in one statement (one index range on (flag, event_time)
 * per flag, through a lateral join), each call listed under the flag it is in.
 */
export async function latestPerFlag(
  prisma: PrismaClient,
  flags: readonly SecurityFlag[],
  period: Interval,
  scope: RollupScope,
  limit: number,
): Promise<Record<SecurityFlag, FlaggedEvent[]>> {
  const rows = await prisma.$queryRaw<(FlaggedRow & { flag: SecurityFlag })[]>`
    SELECT f.flag, ${eventIdColumn("e")} AS event_id, e.event_time, e.event_name, e.account_id, e.aws_region, e.error_code,
      a.key AS actor_key, a.name AS actor_name, a.type AS actor_type, ARRAY[f.flag] AS flags,
      (SELECT json_build_object('accountId', r.account_id, 'region', r.region, 'kind', r.kind, 'resourceId', r.resource_id)
       FROM event_resource er JOIN resource r ON r.id = er.resource_id
       WHERE er.event_id = e.id AND er.role = 'target' ORDER BY r.kind, r.resource_id LIMIT 1) AS target
    FROM unnest(${flags}::text[]) AS f(flag)
    CROSS JOIN LATERAL (SELECT s.event_id, s.event_time FROM security_event s
      WHERE s.flag = f.flag AND ${flaggedInPeriod("s", period, scope)}
      ORDER BY s.event_time DESC, s.event_id DESC LIMIT ${limit}) p
    JOIN event e ON e.id = p.event_id JOIN actor a ON a.id = e.actor_id
    ORDER BY f.flag, p.event_time DESC, p.event_id DESC`;
  const out = Object.fromEntries(flags.map((f) => [f, []])) as unknown as Record<SecurityFlag, FlaggedEvent[]>;
  for (const r of rows) out[r.flag].push(toFlagged(r));
  return out;
}

/** Flagged calls per flag in the period: an index-only count of each flag's range. */
export async function flaggedCounts(
  prisma: PrismaClient,
  period: Interval,
  scope: RollupScope,
): Promise<Record<SecurityFlag, number>> {
  const rows = await prisma.$queryRaw<{ flag: SecurityFlag; n: bigint }[]>`
    SELECT s.flag, count(*)::bigint AS n FROM security_event s
    WHERE ${flaggedInPeriod("s", period, scope)} GROUP BY 1`;
  const out = Object.fromEntries(SECURITY_FLAGS.map((f) => [f, 0])) as Record<SecurityFlag, number>;
  for (const r of rows) out[r.flag] = Number(r.n);
  return out;
}
