import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import {
  ACTOR_PAGE_SIZE,
  actorSortDirection,
  hasActorFilters,
  type ActorListParams,
  type ActorSort,
} from "./list-params";
import type { ActorBreakdowns, ActorList, ActorRow } from "./types";

// The actors list and its breakdowns, read from the actor row's counters and the actor_source
// rollup (lib/rollups/actor-sql.ts): a few thousand actors and their (IP, agent) pairs, never
// the events. Filters narrow the actors; every breakdown is over the same filtered actors, so the
// charts and the table always describe one set.

type Filters = Pick<ActorListParams, "type" | "account" | "failures" | "issuer" | "q">;

/** `%`, `_` and `\` typed into the search box are literal characters. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The filters on `actor a`, without the failures filter when a caller counts failures its own way. */
export function actorConditionList(f: Filters): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (f.type) where.push(Prisma.sql`a.type = ${f.type}`);
  if (f.account) where.push(Prisma.sql`a.account_id = ${f.account}`);
  if (f.failures === "yes") where.push(Prisma.sql`a.failure_count > 0`);
  if (f.failures === "no") where.push(Prisma.sql`a.failure_count = 0`);
  if (f.issuer) where.push(Prisma.sql`a.session_issuer_arn = ${f.issuer}`);
  if (f.q) {
    const p = containsPattern(f.q);
    where.push(Prisma.sql`(a.name ILIKE ${p} OR a.arn ILIKE ${p} OR a.principal_id ILIKE ${p}
      OR a.account_id ILIKE ${p} OR a.session_issuer_name ILIKE ${p} OR a.invoked_by ILIKE ${p})`);
  }
  return where;
}

/**
 * WHERE for `actor a`. A row whose batch turned out to hold only duplicates was created with no
 * events (its insert cannot wait for theirs); it is nobody, so it is never listed.
 */
export function actorConditions(f: Filters): Prisma.Sql {
  return Prisma.sql`WHERE ${Prisma.join([Prisma.sql`a.event_count > 0`, ...actorConditionList(f)], " AND ")}`;
}

const SORT_COLUMNS: Record<ActorSort, string> = {
  events: "a.event_count",
  writes: "a.write_count",
  failures: "a.failure_count",
  lastSeen: "a.last_seen",
  firstSeen: "a.first_seen",
  name: "a.name",
};

interface ActorSqlRow {
  key: string;
  type: string;
  name: string;
  arn: string | null;
  principal_id: string | null;
  account_id: string | null;
  session_issuer_arn: string | null;
  session_issuer_name: string | null;
  invoked_by: string | null;
  event_count: number;
  write_count: number;
  failure_count: number;
  first_seen: Date;
  last_seen: Date;
  source_ips: bigint;
  user_agents: bigint;
}

/** The columns of an ActorRow, for `actor a` (distinct IPs and agents from its rollup rows). */
export const ACTOR_ROW_COLUMNS = Prisma.sql`a.key, a.type, a.name, a.arn, a.principal_id, a.account_id,
  a.session_issuer_arn, a.session_issuer_name, a.invoked_by, a.event_count, a.write_count, a.failure_count,
  a.first_seen, a.last_seen,
  (SELECT count(DISTINCT s.source_ip) FILTER (WHERE s.source_ip <> '') FROM actor_source s WHERE s.actor_id = a.id)
    AS source_ips,
  (SELECT count(DISTINCT s.user_agent_id) FILTER (WHERE s.user_agent_id <> 0) FROM actor_source s WHERE s.actor_id = a.id)
    AS user_agents`;

export function toActorRow(r: ActorSqlRow): ActorRow {
  return {
    key: r.key,
    type: r.type,
    name: r.name,
    arn: r.arn,
    principalId: r.principal_id,
    accountId: r.account_id,
    sessionIssuerArn: r.session_issuer_arn,
    sessionIssuerName: r.session_issuer_name,
    invokedBy: r.invoked_by,
    eventCount: r.event_count,
    writeCount: r.write_count,
    failureCount: r.failure_count,
    firstSeen: r.first_seen.toISOString(),
    lastSeen: r.last_seen.toISOString(),
    sourceIpCount: Number(r.source_ips),
    userAgentCount: Number(r.user_agents),
  };
}

/** One page of actors (offset paging over a total order: the sort column, then the row id). */
export async function listActors(prisma: PrismaClient, params: ActorListParams): Promise<ActorList> {
  const where = actorConditions(params);
  const dir = Prisma.raw(actorSortDirection(params) === "asc" ? "ASC" : "DESC");
  const order = Prisma.sql`${Prisma.raw(SORT_COLUMNS[params.sort])} ${dir}, a.id ${dir}`;
  const offset = (params.page - 1) * ACTOR_PAGE_SIZE;
  const [rows, [count], types, accounts, breakdowns] = await Promise.all([
    prisma.$queryRaw<ActorSqlRow[]>`SELECT ${ACTOR_ROW_COLUMNS} FROM actor a ${where}
      ORDER BY ${order} LIMIT ${ACTOR_PAGE_SIZE} OFFSET ${offset}`,
    prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM actor a ${where}`,
    prisma.$queryRaw<{ type: string }[]>`SELECT DISTINCT type FROM actor ORDER BY type`,
    prisma.$queryRaw<{ account_id: string }[]>`SELECT DISTINCT account_id FROM actor
      WHERE account_id IS NOT NULL ORDER BY account_id`,
    actorBreakdowns(prisma, params),
  ]);
  const total = Number(count!.n);
  return {
    rows: rows.map(toActorRow),
    total,
    page: params.page,
    pageCount: Math.max(1, Math.ceil(total / ACTOR_PAGE_SIZE)),
    pageSize: ACTOR_PAGE_SIZE,
    types: types.map((t) => t.type),
    accounts: accounts.map((a) => a.account_id),
    breakdowns,
  };
}

const TOP_SOURCE_IPS = 10;
const TOP_ISSUERS = 8;
const PRINCIPALS_PER_ISSUER = 5;

/** The four breakdowns of the filtered actors' events. */
export async function actorBreakdowns(prisma: PrismaClient, f: Filters): Promise<ActorBreakdowns> {
  const where = actorConditions(f);
  // actor_source rows exist only for stored events, so without filters every row counts and the
  // join to actor is not needed. Distinct actors are counted by grouping twice (hash aggregates)
  // rather than count(DISTINCT), which sorts.
  const sources = hasActorFilters(f)
    ? Prisma.sql`actor_source s JOIN actor a ON a.id = s.actor_id ${where}`
    : Prisma.sql`actor_source s`;
  const [byType, byAgent, bySourceIp, issuers] = await Promise.all([
    prisma.$queryRaw<{ type: string; actors: bigint; events: bigint }[]>`
      SELECT a.type, count(*) AS actors, sum(a.event_count) AS events FROM actor a ${where}
      GROUP BY a.type ORDER BY events DESC, a.type`,
    prisma.$queryRaw<{ family: string; detail: string; actors: bigint; events: bigint }[]>`
      SELECT family, detail, count(*) AS actors, sum(events) AS events
      FROM (SELECT s.user_agent_family AS family, s.user_agent_detail AS detail, s.actor_id, sum(s.event_count) AS events
            FROM ${sources} GROUP BY 1, 2, 3) per_actor
      GROUP BY 1, 2 ORDER BY events DESC, family, detail`,
    prisma.$queryRaw<{ source_ip: string; actors: bigint; events: bigint }[]>`
      SELECT source_ip, count(*) AS actors, sum(events) AS events
      FROM (SELECT s.source_ip, s.actor_id, sum(s.event_count) AS events FROM ${sources} GROUP BY 1, 2) per_actor
      GROUP BY 1 ORDER BY events DESC, source_ip LIMIT ${TOP_SOURCE_IPS}`,
    prisma.$queryRaw<
      {
        issuer_arn: string;
        issuer_name: string | null;
        principals: bigint;
        events: bigint;
        key: string;
        name: string;
        principal_events: number;
      }[]
    >`
      WITH filtered AS (SELECT a.* FROM actor a ${where}),
      issuers AS (
        SELECT session_issuer_arn AS issuer_arn, max(session_issuer_name) AS issuer_name, count(*) AS principals,
          sum(event_count) AS events
        FROM filtered WHERE session_issuer_arn IS NOT NULL
        GROUP BY 1 ORDER BY events DESC, issuer_arn LIMIT ${TOP_ISSUERS}),
      ranked AS (
        SELECT f.session_issuer_arn, f.key, f.name, f.event_count,
          row_number() OVER (PARTITION BY f.session_issuer_arn ORDER BY f.event_count DESC, f.id) AS rank
        FROM filtered f JOIN issuers i ON i.issuer_arn = f.session_issuer_arn)
      SELECT i.issuer_arn, i.issuer_name, i.principals, i.events, r.key, r.name, r.event_count AS principal_events
      FROM issuers i JOIN ranked r ON r.session_issuer_arn = i.issuer_arn AND r.rank <= ${PRINCIPALS_PER_ISSUER}
      ORDER BY i.events DESC, i.issuer_arn, r.rank`,
  ]);
  const byIssuer: ActorBreakdowns["byIssuer"] = [];
  for (const r of issuers) {
    let issuer = byIssuer.at(-1);
    if (issuer?.issuerArn !== r.issuer_arn) {
      issuer = {
        issuerArn: r.issuer_arn,
        issuerName: r.issuer_name,
        principals: Number(r.principals),
        events: Number(r.events),
        top: [],
      };
      byIssuer.push(issuer);
    }
    issuer.top.push({ key: r.key, name: r.name, events: r.principal_events });
  }
  return {
    byType: byType.map((r) => ({ type: r.type, actors: Number(r.actors), events: Number(r.events) })),
    byAgent: byAgent.map((r) => ({
      family: r.family,
      detail: r.detail,
      actors: Number(r.actors),
      events: Number(r.events),
    })),
    bySourceIp: bySourceIp.map((r) => ({ sourceIp: r.source_ip, actors: Number(r.actors), events: Number(r.events) })),
    byIssuer,
  };
}
