import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { ResourceKind } from "@/lib/cloudtrail/types";
import { UNKNOWN_ACTOR } from "./facts";
import type { Span } from "./page-span";
import { actorRef } from "./sql-rows";
import type { AccountReadsView } from "./types";

// Describe calls that name no resource ("DescribeCacheClusters" with no cacheClusterId) list
// every resource of the kind in the account and region, so the ingest ties them to none — the
// ElastiCache guide's own example is one. A resource's timeline shows them, apart and labelled
// for what they are: reads that may have listed it, not reads of it.
//
// They are looked up per timeline page, for the period that page covers (page-span.ts), by one
// ordered range of event's (event_name, event_time DESC, id DESC) index, filtered by account and
// region. That index holds the call of every account, so the walk stops after
// ACCOUNT_READS_SCAN_LIMIT entries: a page's lookup costs at most that many index entries,
// whatever the size of the account or of the event table, and says how far it got.

const ACCOUNT_READS_SCAN_LIMIT = 10_000;

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

function listingCall(kind: string): string | null {
  return LISTING_CALL[kind as ResourceKind] ?? null;
}

interface LaneJson {
  day: string;
  count: number;
  failed: number;
  first_at: string;
  last_at: string;
  actor_key: string | null;
  actor_name: string | null;
  actor_type: string | null;
}

/**
 * The account-wide listing calls of one page's period, collapsed per UTC day and actor.
 * Newest first the walk starts at the period's newer edge, oldest first at its older one, so
 * when it stops early the part searched is the part next to the page's first events.
 */
export async function accountWideReads(
  prisma: PrismaClient,
  resource: { kind: string; account_id: string; region: string },
  span: Span | null,
  order: "newest" | "oldest",
  scanLimit = ACCOUNT_READS_SCAN_LIMIT,
): Promise<AccountReadsView | null> {
  const call = listingCall(resource.kind);
  if (!call) return null;
  if (!span) return { eventName: call, lanes: [], searched: null, truncated: false };
  // Global datastores have no region; their Describe calls are made from any region.
  const regions = resource.region === "" ? null : [resource.region];
  const dir = order === "newest" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  // When the walk stops early, the calls at its last instant may continue past it: leave that instant out.
  const edge = order === "newest" ? Prisma.sql`b.oldest` : Prisma.sql`b.newest`;

  const [row] = await prisma.$queryRaw<
    Array<{ truncated: boolean; oldest: Date | null; newest: Date | null; lanes: LaneJson[] | null }>
  >`
    WITH scanned AS MATERIALIZED (
      SELECT e.id, e.event_time, e.account_id, e.aws_region, e.actor_id, e.error_code
      FROM event e
      WHERE e.event_name = ${call} AND e.event_time >= ${span.start}::timestamptz AND e.event_time < ${span.end}::timestamptz
      ORDER BY e.event_time ${dir}, e.id ${dir}
      LIMIT ${scanLimit}
    ),
    bounds AS (
      SELECT count(*) >= ${scanLimit}::int AS truncated, min(event_time) AS oldest, max(event_time) AS newest FROM scanned
    ),
    counts AS (
      SELECT to_char(s.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, s.actor_id, count(*)::int AS count,
        (count(*) FILTER (WHERE s.error_code IS NOT NULL))::int AS failed,
        min(s.event_time) AS first_at, max(s.event_time) AS last_at
      FROM scanned s, bounds b
      WHERE s.account_id = ${resource.account_id} AND (${regions}::text[] IS NULL OR s.aws_region = ANY(${regions}::text[]))
        AND (NOT b.truncated OR s.event_time <> ${edge})
        AND NOT EXISTS (SELECT 1 FROM event_resource er WHERE er.event_id = s.id)
      GROUP BY 1, 2
    )
    SELECT b.truncated, b.oldest, b.newest,
      (SELECT json_agg(json_build_object('day', c.day, 'count', c.count, 'failed', c.failed, 'first_at', c.first_at, 'last_at', c.last_at,
          'actor_key', a.key, 'actor_name', a.name, 'actor_type', a.type) ORDER BY c.day, c.count DESC)
        FROM counts c JOIN actor a ON a.id = c.actor_id) AS lanes
    FROM bounds b`;

  const truncated = row?.truncated ?? false;
  let { start, end } = span;
  if (truncated && row?.oldest && row.newest) {
    if (order === "newest") start = new Date(row.oldest.getTime() + 1);
    else end = row.newest;
  }
  return {
    eventName: call,
    lanes: (row?.lanes ?? []).map((r) => ({
      day: r.day,
      actor: actorRef(r) ?? UNKNOWN_ACTOR,
      eventName: call,
      count: r.count,
      failedCount: r.failed,
      firstAt: new Date(r.first_at).toISOString(),
      lastAt: new Date(r.last_at).toISOString(),
      scope: "account" as const,
    })),
    searched: start < end ? { start: start.toISOString(), end: end.toISOString() } : null,
    truncated,
  };
}
