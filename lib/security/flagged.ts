import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { FlaggedEvent } from "@/lib/overview/types";
import type { Interval } from "@/lib/rollups/hours";
import { flaggedInPeriod, type RollupScope } from "@/lib/rollups/sources";
import { SECURITY_FLAGS, type SecurityFlag } from "./flags";

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
  const rows = await prisma.$queryRaw<FlaggedRow[]>`
    WITH picked AS (
      SELECT s.event_id, max(s.event_time) AS event_time, array_agg(s.flag) AS flags
      FROM security_event s
      WHERE s.flag = ANY(${flags}::text[]) AND ${flaggedInPeriod("s", period, scope)}
      GROUP BY s.event_id ORDER BY event_time DESC, s.event_id DESC LIMIT ${limit}
    )
    SELECT e.event_id, e.event_time, e.event_name, e.account_id, e.aws_region, e.error_code,
      a.key AS actor_key, a.name AS actor_name, a.type AS actor_type, p.flags,
      (SELECT json_build_object('accountId', r.account_id, 'region', r.region, 'kind', r.kind, 'resourceId', r.resource_id)
       FROM event_resource er JOIN resource r ON r.id = er.resource_id
       WHERE er.event_id = e.id AND er.role = 'target' ORDER BY r.kind, r.resource_id LIMIT 1) AS target
    FROM picked p JOIN event e ON e.id = p.event_id JOIN actor a ON a.id = e.actor_id
    ORDER BY p.event_time DESC, p.event_id DESC`;
  return rows.map((r) => ({
    eventId: r.event_id,
    eventTime: r.event_time.toISOString(),
    eventName: r.event_name,
    accountId: r.account_id,
    awsRegion: r.aws_region,
    errorCode: r.error_code,
    actor: { key: r.actor_key, name: r.actor_name, type: r.actor_type },
    flags: SECURITY_FLAGS.filter((f) => r.flags.includes(f)),
    resource: r.target,
  }));
}

/** Flagged calls per flag in the period, and the event names among them (for the explorer links). */
export async function flaggedCounts(
  prisma: PrismaClient,
  period: Interval,
  scope: RollupScope,
): Promise<Record<SecurityFlag, { count: number; names: string[] }>> {
  const rows = await prisma.$queryRaw<{ flag: SecurityFlag; event_name: string; n: bigint }[]>`
    SELECT s.flag, e.event_name, count(*)::bigint AS n
    FROM security_event s JOIN event e ON e.id = s.event_id
    WHERE ${flaggedInPeriod("s", period, scope)}
    GROUP BY 1, 2`;
  const out = Object.fromEntries(SECURITY_FLAGS.map((f) => [f, { count: 0, names: [] as string[] }])) as Record<
    SecurityFlag,
    { count: number; names: string[] }
  >;
  for (const r of rows) {
    out[r.flag].count += Number(r.n);
    out[r.flag].names.push(r.event_name);
  }
  for (const f of SECURITY_FLAGS) out[f].names.sort();
  return out;
}
