import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ACTOR_ROW_COLUMNS, toActorRow } from "./queries";
import type { ActorDetail } from "./types";

// One actor's page from its rollup rows (lib/rollups/actor-sql.ts): activity per day and
// operation, resources, sources and sessions are each one index range on actor_id, however
// many events the actor has (the busiest of the benchmark's million has over 100,000).

const RESOURCES_SHOWN = 100;
const SOURCES_SHOWN = 100;
const SESSIONS_SHOWN = 100;
/** Beyond this many days of activity the chart shows weeks, so bars stay wide enough to read and click. */
const DAILY_UP_TO = 120;

const iso = (d: Date) => d.toISOString();
const dayString = (d: Date) => d.toISOString().slice(0, 10);

export async function getActorDetail(prisma: PrismaClient, key: string): Promise<ActorDetail | null> {
  const [row] = await prisma.$queryRaw<(Parameters<typeof toActorRow>[0] & { id: bigint })[]>`
    SELECT a.id, ${ACTOR_ROW_COLUMNS} FROM actor a WHERE a.key = ${key}`;
  if (!row) return null;
  const id = row.id;
  const actor = toActorRow(row);

  const [activity, resources, resourceCount, sources, sessions, issuerPrincipals] = await Promise.all([
    prisma.$queryRaw<
      {
        day: Date;
        account_id: string;
        event_name: string;
        error_code: string;
        event_count: number;
        write_count: number;
        first_seen: Date;
        last_seen: Date;
      }[]
    >`SELECT day, account_id, event_name, error_code, event_count, write_count, first_seen, last_seen
      FROM actor_activity WHERE actor_id = ${id} ORDER BY day`,
    prisma.$queryRaw<
      {
        account_id: string;
        region: string;
        kind: string;
        resource_id: string;
        event_count: number;
        write_count: number;
        first_seen: Date;
        last_seen: Date;
      }[]
    >`SELECT r.account_id, r.region, r.kind, r.resource_id, ar.event_count, ar.write_count, ar.first_seen, ar.last_seen
      FROM actor_resource ar JOIN resource r ON r.id = ar.resource_id
      WHERE ar.actor_id = ${id} ORDER BY ar.last_seen DESC, r.id LIMIT ${RESOURCES_SHOWN}`,
    prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM actor_resource WHERE actor_id = ${id}`,
    prisma.$queryRaw<
      {
        source_ip: string;
        user_agent: string;
        user_agent_family: string;
        user_agent_detail: string;
        event_count: number;
        first_seen: Date;
        last_seen: Date;
      }[]
    >`SELECT s.source_ip, coalesce(u.text, '') AS user_agent, s.user_agent_family, s.user_agent_detail, s.event_count,
        s.first_seen, s.last_seen
      FROM actor_source s LEFT JOIN user_agent u ON u.id = s.user_agent_id WHERE s.actor_id = ${id}`,
    prisma.$queryRaw<
      { created_at: string; mfa: string; event_count: number; first_seen: Date; last_seen: Date; total: bigint }[]
    >`SELECT created_at, mfa, event_count, first_seen, last_seen, count(*) OVER () AS total
      FROM actor_session WHERE actor_id = ${id} ORDER BY last_seen DESC, created_at DESC LIMIT ${SESSIONS_SHOWN}`,
    actor.sessionIssuerArn
      ? prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM actor
          WHERE session_issuer_arn = ${actor.sessionIssuerArn} AND key <> ${key}`
      : Promise.resolve([{ n: BigInt(0) }]),
  ]);

  const operations = new Map<string, ActorDetail["operations"][number]>();
  const failures = new Map<string, ActorDetail["failures"][number]>();
  const accounts = new Map<string, number>();
  const perDay = new Map<string, { events: number; writes: number; failures: number }>();
  for (const a of activity) {
    const op = operations.get(a.event_name) ?? {
      eventName: a.event_name,
      events: 0,
      writes: 0,
      failures: 0,
      lastSeen: iso(a.last_seen),
    };
    op.events += a.event_count;
    op.writes += a.write_count;
    if (a.error_code) op.failures += a.event_count;
    if (iso(a.last_seen) > op.lastSeen) op.lastSeen = iso(a.last_seen);
    operations.set(a.event_name, op);
    if (a.error_code) {
      const k = `${a.event_name}\u0000${a.error_code}`;
      const f = failures.get(k) ?? {
        eventName: a.event_name,
        errorCode: a.error_code,
        events: 0,
        firstSeen: iso(a.first_seen),
        lastSeen: iso(a.last_seen),
      };
      f.events += a.event_count;
      if (iso(a.first_seen) < f.firstSeen) f.firstSeen = iso(a.first_seen);
      if (iso(a.last_seen) > f.lastSeen) f.lastSeen = iso(a.last_seen);
      failures.set(k, f);
    }
    accounts.set(a.account_id, (accounts.get(a.account_id) ?? 0) + a.event_count);
    const d = perDay.get(dayString(a.day)) ?? { events: 0, writes: 0, failures: 0 };
    d.events += a.event_count;
    d.writes += a.write_count;
    if (a.error_code) d.failures += a.event_count;
    perDay.set(dayString(a.day), d);
  }

  const byIp = new Map<string, ActorDetail["sourceIps"][number]>();
  const byAgent = new Map<string, ActorDetail["userAgents"][number]>();
  for (const s of sources) {
    const ip = byIp.get(s.source_ip) ?? {
      sourceIp: s.source_ip,
      events: 0,
      firstSeen: iso(s.first_seen),
      lastSeen: iso(s.last_seen),
    };
    mergeSeen(ip, s);
    byIp.set(s.source_ip, ip);
    const agentKey = `${s.user_agent}\u0000${s.user_agent_family}\u0000${s.user_agent_detail}`;
    const agent = byAgent.get(agentKey) ?? {
      userAgent: s.user_agent,
      family: s.user_agent_family,
      detail: s.user_agent_detail,
      events: 0,
      firstSeen: iso(s.first_seen),
      lastSeen: iso(s.last_seen),
    };
    mergeSeen(agent, s);
    byAgent.set(agentKey, agent);
  }
  const byEvents = <T extends { events: number; firstSeen: string }>(a: T, b: T) =>
    b.events - a.events || a.firstSeen.localeCompare(b.firstSeen);

  return {
    actor,
    activity: bucketActivity(perDay),
    operations: [...operations.values()].sort((a, b) => b.events - a.events || a.eventName.localeCompare(b.eventName)),
    failures: [...failures.values()].sort((a, b) => b.events - a.events || b.lastSeen.localeCompare(a.lastSeen)),
    accounts: [...accounts.entries()]
      .map(([accountId, events]) => ({
        accountId,
        events,
        crossAccount: actor.accountId !== null && accountId !== actor.accountId,
      }))
      .sort((a, b) => b.events - a.events || a.accountId.localeCompare(b.accountId)),
    resources: resources.map((r) => ({
      resource: { accountId: r.account_id, region: r.region, kind: r.kind, resourceId: r.resource_id },
      events: r.event_count,
      writes: r.write_count,
      firstSeen: iso(r.first_seen),
      lastSeen: iso(r.last_seen),
    })),
    resourceCount: Number(resourceCount[0]!.n),
    sourceIps: [...byIp.values()].sort(byEvents).slice(0, SOURCES_SHOWN),
    userAgents: [...byAgent.values()].sort(byEvents).slice(0, SOURCES_SHOWN),
    sessions: sessions.map((s) => ({
      createdAt: s.created_at || null,
      mfa: s.mfa === "" ? null : s.mfa === "true",
      events: s.event_count,
      firstSeen: iso(s.first_seen),
      lastSeen: iso(s.last_seen),
    })),
    sessionCount: Number(sessions[0]?.total ?? 0),
    issuerPrincipals: Number(issuerPrincipals[0]!.n),
  };
}

function mergeSeen(
  into: { events: number; firstSeen: string; lastSeen: string },
  row: { event_count: number; first_seen: Date; last_seen: Date },
) {
  into.events += row.event_count;
  if (iso(row.first_seen) < into.firstSeen) into.firstSeen = iso(row.first_seen);
  if (iso(row.last_seen) > into.lastSeen) into.lastSeen = iso(row.last_seen);
}

/** Every day (or week) from the first to the last, empty ones included, so the chart's time axis is true. */
function bucketActivity(
  perDay: Map<string, { events: number; writes: number; failures: number }>,
): ActorDetail["activity"] {
  const days = [...perDay.keys()].sort();
  if (days.length === 0) return { bucket: "day", points: [] };
  const first = Date.parse(`${days[0]}T00:00:00Z`);
  const last = Date.parse(`${days.at(-1)}T00:00:00Z`);
  const DAY = 86_400_000;
  const weekly = (last - first) / DAY + 1 > DAILY_UP_TO;
  // Weeks start on Monday (ISO), in UTC like every time on the page.
  const startOf = (t: number) => (weekly ? t - ((new Date(t).getUTCDay() + 6) % 7) * DAY : t);
  const points = new Map<number, { start: string; events: number; writes: number; failures: number }>();
  for (let t = startOf(first); t <= last; t += weekly ? 7 * DAY : DAY) {
    points.set(t, { start: dayString(new Date(t)), events: 0, writes: 0, failures: 0 });
  }
  for (const [day, counts] of perDay) {
    const p = points.get(startOf(Date.parse(`${day}T00:00:00Z`)))!;
    p.events += counts.events;
    p.writes += counts.writes;
    p.failures += counts.failures;
  }
  return { bucket: weekly ? "week" : "day", points: [...points.values()] };
}
