import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { actorRef, type ActorColumns } from "./rows";
import type { TimeWindow } from "./timeline-params";
import type { ReadLane } from "./types";

// Describe calls that name no resource ("DescribeCacheClusters" with no cacheClusterId) list
// every resource of the kind in the account and region, so the ingest ties them to none — the
// ElastiCache guide's own example is one. A resource's page can still show them, apart and
// labelled for what they are: reads that may have listed it, not reads of it.
//
// They are found through event's (event_name, event_time) index and filtered by account and
// region, so the cost grows with every account's Describes in the window: the window is capped
// (ACCOUNT_READS_MAX_DAYS) and the lane is only computed when asked for (?accountReads=show).

export const ACCOUNT_READS_MAX_DAYS = 7;
const DAY_MS = 86_400_000;

const LISTING_CALL: Readonly<Record<ResourceKind, string>> = {
  "cache-cluster": "DescribeCacheClusters",
  "replication-group": "DescribeReplicationGroups",
  "global-replication-group": "DescribeGlobalReplicationGroups",
  "serverless-cache": "DescribeServerlessCaches",
  "serverless-cache-snapshot": "DescribeServerlessCacheSnapshots",
  snapshot: "DescribeSnapshots",
  "parameter-group": "DescribeCacheParameterGroups",
  "subnet-group": "DescribeCacheSubnetGroups",
  "security-group": "DescribeCacheSecurityGroups",
  user: "DescribeUsers",
  "user-group": "DescribeUserGroups",
  "reserved-node": "DescribeReservedCacheNodes",
};

export interface AccountReads {
  lanes: ReadLane[];
  /** The part of the window searched: the resource's seen lifetime, at most the last ACCOUNT_READS_MAX_DAYS. */
  searched: { start: string; end: string } | null;
}

export async function accountWideReads(
  prisma: PrismaClient,
  resource: { kind: string; account_id: string; region: string; first_seen: Date; last_seen: Date },
  window: TimeWindow,
): Promise<AccountReads> {
  const call = LISTING_CALL[resource.kind as ResourceKind];
  // Up to the last event naming it: after that it may be gone, and "listed it" would be a guess.
  const endMs = Math.min(window.end?.getTime() ?? Infinity, resource.last_seen.getTime() + 1);
  const startMs = Math.max(window.start?.getTime() ?? -Infinity, resource.first_seen.getTime(), endMs - ACCOUNT_READS_MAX_DAYS * DAY_MS);
  if (!call || !(startMs < endMs)) return { lanes: [], searched: null };
  const start = new Date(startMs);
  const end = new Date(endMs);
  // Global datastores have no region; their Describe calls are made from any region.
  const regions = resource.region === "" ? null : [resource.region];

  const rows = await prisma.$queryRaw<Array<ActorColumns & { day: string; count: number; failed: number; first_at: Date; last_at: Date }>>`
    WITH counts AS (
      SELECT to_char(e.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, e.actor_id, count(*)::int AS count,
        (count(*) FILTER (WHERE e.error_code IS NOT NULL))::int AS failed,
        min(e.event_time) AS first_at, max(e.event_time) AS last_at
      FROM event e
      WHERE e.event_name = ${call} AND e.event_time >= ${start}::timestamptz AND e.event_time < ${end}::timestamptz
        AND e.account_id = ${resource.account_id} AND (${regions}::text[] IS NULL OR e.aws_region = ANY(${regions}::text[]))
        AND NOT EXISTS (SELECT 1 FROM event_resource er WHERE er.event_id = e.id)
      GROUP BY 1, 2
    )
    SELECT c.day, c.count, c.failed, c.first_at, c.last_at, a.key AS actor_key, a.name AS actor_name, a.type AS actor_type
    FROM counts c JOIN actor a ON a.id = c.actor_id
    ORDER BY c.day, c.count DESC`;
  return {
    lanes: rows.map((r) => ({
      day: r.day,
      actor: actorRef(r) ?? { key: "", name: "unknown", type: "Unknown" },
      eventName: call,
      count: r.count,
      failedCount: r.failed,
      firstAt: r.first_at.toISOString(),
      lastAt: r.last_at.toISOString(),
      scope: "account",
    })),
    searched: { start: start.toISOString(), end: end.toISOString() },
  };
}
