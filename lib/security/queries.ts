import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { resolveScopeOf, scopeOptions } from "@/lib/overview/queries";
import type { ScopeFilters } from "@/lib/overview/scope";
import { actorCounts, scopeConditions } from "@/lib/rollups/sources";
import { flaggedCounts, latestPerFlag } from "./flagged";
import { SECURITY_FLAGS } from "./flags";
import type { Security } from "./types";

// The Security view's numbers for a period and scope: failed calls from the actor rollups,
// flagged calls from security_event, first sightings from principal_seen — all kept at ingest
// (lib/rollups/store-sql.ts) and exact (tests/integration/security.test.ts).

const TOP = 20;
const LATEST = 10;
const iso = (d: Date) => d.toISOString();

export async function getSecurity(prisma: PrismaClient, filters: ScopeFilters, now = new Date()): Promise<Security> {
  const s = await resolveScopeOf(prisma, filters, now);
  const period = s.current;
  const from = iso(period.from);
  const to = iso(period.to);
  const eventScope = scopeConditions("e", s);
  const seenScope = scopeConditions("p", s);
  const seenWhere = seenScope.length ? Prisma.sql`WHERE ${Prisma.join(seenScope, " AND ")}` : Prisma.empty;
  const [options, hasEvents, failureRows, counts, lists, principals, ips] = await Promise.all([
    scopeOptions(prisma),
    prisma.$queryRaw<{ any: boolean }[]>`SELECT EXISTS (SELECT 1 FROM event) AS any`,
    prisma.$queryRaw<
      {
        key: string;
        name: string;
        type: string;
        error_code: string;
        n: bigint;
        total: bigint;
        message: string | null;
      }[]
    >`
      WITH f AS MATERIALIZED (SELECT actor_id, error_code, sum(n)::bigint AS n FROM (${actorCounts(period, s)}) src
        WHERE error_code <> '' GROUP BY 1, 2)
      SELECT a.key, a.name, a.type, t.error_code, t.n, (SELECT sum(n) FROM f)::bigint AS total,
        (SELECT e.error_message FROM event e
         WHERE e.actor_id = t.actor_id AND e.error_code = t.error_code
           AND e.event_time >= ${from}::timestamptz AND e.event_time < ${to}::timestamptz
           ${eventScope.length ? Prisma.sql`AND ${Prisma.join(eventScope, " AND ")}` : Prisma.empty}
         ORDER BY e.event_time DESC, e.id DESC LIMIT 1) AS message
      FROM (SELECT * FROM f ORDER BY n DESC, actor_id, error_code LIMIT ${TOP}) t
      JOIN actor a ON a.id = t.actor_id
      ORDER BY t.n DESC, t.actor_id, t.error_code`,
    flaggedCounts(prisma, period, s),
    latestPerFlag(prisma, SECURITY_FLAGS, period, s, LATEST),
    prisma.$queryRaw<{ key: string; name: string; type: string; first_seen: Date; n: bigint; total: bigint }[]>`
      SELECT a.key, a.name, a.type, f.first_seen, f.n, count(*) OVER () AS total
      FROM (SELECT p.actor_id, min(p.first_seen) AS first_seen, sum(p.event_count)::bigint AS n
            FROM principal_seen p ${seenWhere} GROUP BY p.actor_id) f
      JOIN actor a ON a.id = f.actor_id
      WHERE f.first_seen >= ${from}::timestamptz AND f.first_seen < ${to}::timestamptz
      ORDER BY f.first_seen DESC, a.key LIMIT ${TOP}`,
    prisma.$queryRaw<{ source_ip: string; first_seen: Date; n: bigint; total: bigint }[]>`
      SELECT f.source_ip, f.first_seen, f.n, count(*) OVER () AS total
      FROM (SELECT p.source_ip, min(p.first_seen) AS first_seen, sum(p.event_count)::bigint AS n
            FROM principal_seen p ${seenWhere} GROUP BY p.source_ip) f
      WHERE f.source_ip <> '' AND f.first_seen >= ${from}::timestamptz AND f.first_seen < ${to}::timestamptz
      ORDER BY f.first_seen DESC, f.source_ip LIMIT ${TOP}`,
  ]);
  return {
    options,
    hasEvents: hasEvents[0]?.any ?? false,
    period: { from, to },
    failures: {
      total: Number(failureRows[0]?.total ?? 0),
      byPrincipal: failureRows.map((r) => ({
        actor: { key: r.key, name: r.name, type: r.type },
        errorCode: r.error_code,
        count: Number(r.n),
        message: r.message,
      })),
    },
    lists: SECURITY_FLAGS.map((flag) => ({ flag, count: counts[flag], latest: lists[flag] })),
    newPrincipals: {
      count: Number(principals[0]?.total ?? 0),
      latest: principals.map((r) => ({
        actor: { key: r.key, name: r.name, type: r.type },
        firstSeen: iso(r.first_seen),
        events: Number(r.n),
      })),
    },
    newSourceIps: {
      count: Number(ips[0]?.total ?? 0),
      latest: ips.map((r) => ({ ip: r.source_ip, firstSeen: iso(r.first_seen), events: Number(r.n) })),
    },
  };
}
