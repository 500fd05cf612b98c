// The Overview's and Security view's cases (GET /api/overview, GET /api/security) for the query
// benchmark, next to the same aggregates computed directly over `event` — what the rollups of
// lib/rollups save. Registered in ./cases.ts.
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { eventKindSqlText } from "@/lib/rollups/sql-text";
import { getOverview } from "@/lib/overview/queries";
import type { ScopeFilters } from "@/lib/overview/scope";
import { getSecurity } from "@/lib/security/queries";
import type { Case } from "./measure";

const GROUPS = {
  overview: "Overview (GET /api/overview: 7 KPIs × 2 periods, chart, top lists, sensitive actions)",
  security: "Security (GET /api/security: failures by principal, 8 flagged lists, first sightings)",
  baselines: "Overview and Security baselines (the same aggregates counted over event)",
};

const DAY = 24 * 3600_000;

export async function overviewCases(prisma: PrismaClient): Promise<Case[]> {
  const [span] = await prisma.$queryRaw<{ min: Date; max: Date }[]>`
    SELECT min(event_time) AS min, max(event_time) AS max FROM event`;
  const [account] = await prisma.$queryRaw<{ account_id: string }[]>`
    SELECT account_id FROM event GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`;
  const [region] = await prisma.$queryRaw<{ aws_region: string }[]>`
    SELECT aws_region FROM event GROUP BY 1 ORDER BY count(*) ASC LIMIT 1`;
  const end = new Date(span!.max.getTime() + 1);
  // Periods that do not start on the hour: the rollups' edges are counted from events.
  const ranged = (days: number): ScopeFilters => ({
    from: new Date(end.getTime() - days * DAY + 17 * 60_000).toISOString(),
    to: end.toISOString(),
  });
  const all: ScopeFilters = { from: new Date(span!.min.getTime()).toISOString(), to: end.toISOString() };
  const scopes: [string, ScopeFilters][] = [
    ["whole data set (≈ 23 days, day buckets)", all],
    ['"All time" (range=all: first event to now, week buckets)', { range: "all" }],
    ["last 7 days", ranged(7)],
    ["last 24 hours (hour buckets)", ranged(1)],
    ["whole data set, busiest account", { ...all, account: [account!.account_id] }],
    ["whole data set, quietest region", { ...all, region: [region!.aws_region] }],
  ];
  const overview = scopes.map(([name, f]): Case => ({
    group: GROUPS.overview,
    name,
    run: async () => {
      const o = await getOverview(prisma, f);
      return { rows: o.kpis.events.value, note: `${o.kpis.events.value.toLocaleString("en-US")} events` };
    },
  }));
  const security = scopes.map(([name, f]): Case => ({
    group: GROUPS.security,
    name,
    run: async () => {
      const s = await getSecurity(prisma, f);
      return { rows: s.failures.total, note: `${s.failures.total.toLocaleString("en-US")} failed calls` };
    },
  }));
  return [...overview, ...security, ...baselineCases(prisma, all)];
}

function baselineCases(prisma: PrismaClient, f: ScopeFilters): Case[] {
  const from = f.from!;
  const to = f.to!;
  const period = Prisma.sql`e.event_time >= ${from}::timestamptz AND e.event_time < ${to}::timestamptz`;
  const kind = Prisma.raw(eventKindSqlText("e"));
  const count = async (query: Prisma.Sql) => (await prisma.$queryRaw<unknown[]>(query)).length;
  const cases: [string, Prisma.Sql][] = [
    [
      "KPIs of one period: events, writes, failures, distinct actors",
      Prisma.sql`SELECT count(*), count(*) FILTER (WHERE NOT read_only AND error_code IS NULL),
        count(*) FILTER (WHERE error_code IS NOT NULL), count(DISTINCT actor_id) FROM event e WHERE ${period}`,
    ],
    [
      "KPIs of one period: resources changed, created, deleted",
      Prisma.sql`SELECT count(DISTINCT er.resource_id), count(DISTINCT er.resource_id) FILTER (WHERE e.event_name ~ '^(Create|Copy)'),
        count(DISTINCT er.resource_id) FILTER (WHERE e.event_name ~ '^Delete')
        FROM event e JOIN event_resource er ON er.event_id = e.id AND er.role = 'target'
        WHERE ${period} AND NOT e.read_only AND e.error_code IS NULL`,
    ],
    [
      "events per day and kind (the chart)",
      Prisma.sql`SELECT date_trunc('day', e.event_time, 'UTC'), ${kind}, count(*) FROM event e WHERE ${period} GROUP BY 1, 2`,
    ],
    [
      "top actors by writes",
      Prisma.sql`SELECT actor_id, count(*) FROM event e WHERE ${period} AND NOT read_only AND error_code IS NULL
        GROUP BY 1 ORDER BY 2 DESC LIMIT 10`,
    ],
    [
      "failures by principal and error code",
      Prisma.sql`SELECT actor_id, error_code, count(*) FROM event e WHERE ${period} AND error_code IS NOT NULL
        GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 20`,
    ],
    [
      "principals first seen in the period",
      Prisma.sql`SELECT actor_id FROM event e GROUP BY 1 HAVING min(event_time) >= ${from}::timestamptz
        AND min(event_time) < ${to}::timestamptz`,
    ],
  ];
  return cases.map(([name, query]) => ({ group: GROUPS.baselines, name, slow: true, run: () => count(query) }));
}
