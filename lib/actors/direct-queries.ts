import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { recordColumns, recordOf, type StoredRecordColumns } from "@/lib/events/record-codec-sql";
import { sessionCreatedOf } from "@/lib/ingest/store";
import type { ActorListParams } from "./list-params";
import { actorConditionList } from "./queries";
import type { ActorBreakdowns } from "./types";

// The Actors aggregates computed the slow, obvious way: straight over `event`, no rollup. They
// are the reference the rollups must equal (tests/integration/actors-consistency.test.ts) and
// the baseline the benchmark times them against (scripts/bench/queries/actors.ts). The app
// never calls them.

type Filters = Pick<ActorListParams, "type" | "account" | "failures" | "issuer" | "q">;

/** The list's filters, with "has failures" decided by the events instead of the counter. */
function directWhere(f: Filters, ...extra: Prisma.Sql[]): Prisma.Sql {
  const where = [...actorConditionList({ ...f, failures: undefined }), ...extra];
  const failed = Prisma.sql`EXISTS (SELECT 1 FROM event x WHERE x.actor_id = a.id AND x.error_code IS NOT NULL)`;
  if (f.failures === "yes") where.push(failed);
  if (f.failures === "no") where.push(Prisma.sql`NOT ${failed}`);
  return where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
}

export interface DirectActorCounts {
  key: string;
  events: number;
  writes: number;
  failures: number;
  firstSeen: string;
  lastSeen: string;
  sourceIps: number;
  userAgents: number;
}

/** Every filtered actor's counters, counted over its events, by key. */
export async function actorCountsFromEvents(prisma: PrismaClient, f: Filters): Promise<DirectActorCounts[]> {
  const rows = await prisma.$queryRaw<
    {
      key: string;
      events: bigint;
      writes: bigint;
      failures: bigint;
      first_seen: Date;
      last_seen: Date;
      ips: bigint;
      agents: bigint;
    }[]
  >`
    SELECT a.key, count(*) AS events, count(*) FILTER (WHERE NOT e.read_only) AS writes,
      count(*) FILTER (WHERE e.error_code IS NOT NULL) AS failures, min(e.event_time) AS first_seen,
      max(e.event_time) AS last_seen, count(DISTINCT e.source_ip) AS ips, count(DISTINCT e.user_agent_id) AS agents
    FROM event e JOIN actor a ON a.id = e.actor_id ${directWhere(f)}
    GROUP BY a.key ORDER BY a.key`;
  return rows.map((r) => ({
    key: r.key,
    events: Number(r.events),
    writes: Number(r.writes),
    failures: Number(r.failures),
    firstSeen: r.first_seen.toISOString(),
    lastSeen: r.last_seen.toISOString(),
    sourceIps: Number(r.ips),
    userAgents: Number(r.agents),
  }));
}

/** The breakdowns' totals, over the events of the filtered actors (issuers without their top principals). */
export async function actorBreakdownsFromEvents(
  prisma: PrismaClient,
  f: Filters,
): Promise<
  Omit<ActorBreakdowns, "byIssuer"> & { byIssuer: { issuerArn: string; principals: number; events: number }[] }
> {
  const where = directWhere(f);
  type Counted = { actors: bigint; events: bigint };
  const [byType, byAgent, bySourceIp, byIssuer] = await Promise.all([
    prisma.$queryRaw<(Counted & { type: string })[]>`
      SELECT a.type, count(DISTINCT a.id) AS actors, count(*) AS events
      FROM event e JOIN actor a ON a.id = e.actor_id ${where} GROUP BY 1 ORDER BY events DESC, 1`,
    prisma.$queryRaw<(Counted & { family: string; detail: string })[]>`
      SELECT e.user_agent_family AS family, coalesce(e.user_agent_detail, '') AS detail,
        count(DISTINCT a.id) AS actors, count(*) AS events
      FROM event e JOIN actor a ON a.id = e.actor_id ${where} GROUP BY 1, 2 ORDER BY events DESC, 1, 2`,
    prisma.$queryRaw<(Counted & { source_ip: string })[]>`
      SELECT coalesce(e.source_ip, '') AS source_ip, count(DISTINCT a.id) AS actors, count(*) AS events
      FROM event e JOIN actor a ON a.id = e.actor_id ${where} GROUP BY 1 ORDER BY events DESC, 1 LIMIT 10`,
    prisma.$queryRaw<(Counted & { issuer_arn: string })[]>`
      SELECT a.session_issuer_arn AS issuer_arn, count(DISTINCT a.id) AS actors, count(*) AS events
      FROM event e JOIN actor a ON a.id = e.actor_id ${directWhere(f, Prisma.sql`a.session_issuer_arn IS NOT NULL`)}
      GROUP BY 1 ORDER BY events DESC, 1 LIMIT 8`,
  ]);
  const n = (v: bigint) => Number(v);
  return {
    byType: byType.map((r) => ({ type: r.type, actors: n(r.actors), events: n(r.events) })),
    byAgent: byAgent.map((r) => ({ family: r.family, detail: r.detail, actors: n(r.actors), events: n(r.events) })),
    bySourceIp: bySourceIp.map((r) => ({ sourceIp: r.source_ip, actors: n(r.actors), events: n(r.events) })),
    byIssuer: byIssuer.map((r) => ({ issuerArn: r.issuer_arn, principals: n(r.actors), events: n(r.events) })),
  };
}

export interface DirectActorDetail {
  operations: { eventName: string; events: number; writes: number; failures: number }[];
  failures: { eventName: string; errorCode: string; events: number }[];
  accounts: { accountId: string; events: number }[];
  resources: { accountId: string; region: string; kind: string; resourceId: string; events: number; writes: number }[];
  sourceIps: { sourceIp: string; events: number; firstSeen: string }[];
  sessions: { createdAt: string | null; mfa: boolean | null; events: number }[];
  days: { day: string; events: number }[];
}

/** One actor's page aggregates over its events (its id from the actor table, nothing else). */
export async function actorDetailFromEvents(prisma: PrismaClient, key: string): Promise<DirectActorDetail> {
  const actor = Prisma.sql`(SELECT id FROM actor WHERE key = ${key})`;
  const n = (v: bigint) => Number(v);
  const [operations, failures, accounts, resources, sourceIps, sessions, days] = await Promise.all([
    prisma.$queryRaw<{ event_name: string; events: bigint; writes: bigint; failures: bigint }[]>`
      SELECT event_name, count(*) AS events, count(*) FILTER (WHERE NOT read_only) AS writes,
        count(*) FILTER (WHERE error_code IS NOT NULL) AS failures
      FROM event WHERE actor_id = ${actor} GROUP BY 1 ORDER BY events DESC, 1`,
    prisma.$queryRaw<{ event_name: string; error_code: string; events: bigint }[]>`
      SELECT event_name, error_code, count(*) AS events FROM event
      WHERE actor_id = ${actor} AND error_code IS NOT NULL GROUP BY 1, 2 ORDER BY events DESC, 1, 2`,
    prisma.$queryRaw<{ account_id: string; events: bigint }[]>`
      SELECT account_id, count(*) AS events FROM event WHERE actor_id = ${actor} GROUP BY 1 ORDER BY events DESC, 1`,
    prisma.$queryRaw<
      { account_id: string; region: string; kind: string; resource_id: string; events: bigint; writes: bigint }[]
    >`
      SELECT r.account_id, r.region, r.kind, r.resource_id, count(DISTINCT e.id) AS events,
        count(DISTINCT e.id) FILTER (WHERE NOT e.read_only) AS writes
      FROM event e JOIN event_resource er ON er.event_id = e.id JOIN resource r ON r.id = er.resource_id
      WHERE e.actor_id = ${actor} GROUP BY r.id, 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    prisma.$queryRaw<{ source_ip: string; events: bigint; first_seen: Date }[]>`
      SELECT coalesce(source_ip, '') AS source_ip, count(*) AS events, min(event_time) AS first_seen
      FROM event WHERE actor_id = ${actor} GROUP BY 1 ORDER BY events DESC, first_seen`,
    sessionsFromEvents(prisma, actor),
    prisma.$queryRaw<{ day: string; events: bigint }[]>`
      SELECT to_char(event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS events
      FROM event WHERE actor_id = ${actor} GROUP BY 1 ORDER BY 1`,
  ]);
  return {
    operations: operations.map((r) => ({
      eventName: r.event_name,
      events: n(r.events),
      writes: n(r.writes),
      failures: n(r.failures),
    })),
    failures: failures.map((r) => ({ eventName: r.event_name, errorCode: r.error_code, events: n(r.events) })),
    accounts: accounts.map((r) => ({ accountId: r.account_id, events: n(r.events) })),
    resources: resources.map((r) => ({
      accountId: r.account_id,
      region: r.region,
      kind: r.kind,
      resourceId: r.resource_id,
      events: n(r.events),
      writes: n(r.writes),
    })),
    sourceIps: sourceIps.map((r) => ({
      sourceIp: r.source_ip,
      events: n(r.events),
      firstSeen: r.first_seen.toISOString(),
    })),
    sessions: sessions.map((r) => ({ createdAt: r.created_at, mfa: r.mfa, events: n(r.events) })),
    days: days.map((r) => ({ day: r.day, events: n(r.events) })),
  };
}

/** Events per (session creation date, MFA) of the actor: records decoded in Node, a page at a time, sorted by SQL. */
async function sessionsFromEvents(
  prisma: PrismaClient,
  actor: Prisma.Sql,
): Promise<{ created_at: string | null; mfa: boolean | null; events: bigint }[]> {
  const counts = new Map<string, { created: string | null; mfa: boolean | null; events: number }>();
  for (let after = BigInt(0); ;) {
    const rows = await prisma.$queryRaw<Array<{ id: bigint; mfa: boolean | null } & StoredRecordColumns>>`
      SELECT id, mfa_authenticated AS mfa, ${recordColumns("event")}
      FROM event WHERE actor_id = ${actor} AND id > ${after} ORDER BY id LIMIT 5000`;
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    for (const r of rows) {
      const created = sessionCreatedOf(recordOf(r));
      const key = JSON.stringify([created, r.mfa]);
      const c = counts.get(key) ?? { created, mfa: r.mfa, events: 0 };
      c.events++;
      counts.set(key, c);
    }
  }
  const all = [...counts.values()];
  return prisma.$queryRaw`
    SELECT * FROM unnest(${all.map((c) => c.created)}::text[], ${all.map((c) => c.mfa)}::boolean[],
      ${all.map((c) => c.events)}::bigint[]) AS s(created_at, mfa, events)
    ORDER BY 1, 2`;
}
