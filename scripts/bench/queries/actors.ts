// The Actors endpoints' queries (GET /api/actors, GET /api/actors/:key), each next to the same
// aggregates computed straight over `event` (lib/actors/direct-queries.ts): what the rollups of
// lib/rollups/actor-sql.ts save. Imports server-only modules (run under react-server).
import { getActorDetail } from "@/lib/actors/detail-queries";
import { actorBreakdownsFromEvents, actorCountsFromEvents, actorDetailFromEvents } from "@/lib/actors/direct-queries";
import { DEFAULT_ACTOR_LIST_PARAMS, type ActorListParams } from "@/lib/actors/list-params";
import { listActors } from "@/lib/actors/queries";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { Case } from "./measure";

const GROUPS = {
  api: "Actors (GET /api/actors: page + breakdowns; GET /api/actors/:key)",
  baselines: "Actors baselines (the same aggregates straight over event)",
};

const n = (v: number) => v.toLocaleString("en-US");

/** The actors the cases open: the busiest (over 100,000 events), a quiet one, the busiest issuer. */
async function pickActors(prisma: PrismaClient) {
  const one = async <T>(query: Prisma.Sql) => (await prisma.$queryRaw<T[]>(query))[0]!;
  const busy = await one<{ key: string; event_count: number }>(
    Prisma.sql`SELECT key, event_count FROM actor ORDER BY event_count DESC LIMIT 1`,
  );
  const quiet = await one<{ key: string; event_count: number }>(
    Prisma.sql`SELECT key, event_count FROM actor WHERE event_count BETWEEN 100 AND 5000 ORDER BY event_count DESC LIMIT 1`,
  );
  const issuer = await one<{ arn: string; actors: bigint }>(
    Prisma.sql`SELECT session_issuer_arn AS arn, count(*) AS actors FROM actor WHERE session_issuer_arn IS NOT NULL
      GROUP BY 1 ORDER BY sum(event_count) DESC LIMIT 1`,
  );
  const actors = await one<{ n: bigint }>(Prisma.sql`SELECT count(*) AS n FROM actor`);
  return { busy, quiet, issuer, actorCount: Number(actors.n) };
}

export async function actorCases(prisma: PrismaClient): Promise<Case[]> {
  const s = await pickActors(prisma);
  const list = async (p: Partial<ActorListParams>) => {
    const result = await listActors(prisma, { ...DEFAULT_ACTOR_LIST_PARAMS, ...p });
    return { rows: result.rows.length, note: `${n(result.total)} of ${n(s.actorCount)} actors` };
  };
  const detail = async (key: string) => {
    const d = await getActorDetail(prisma, key);
    return d ? d.operations.length + d.resources.length + d.sessions.length + d.sourceIps.length : 0;
  };
  return [
    { group: GROUPS.api, name: "list, default view (busiest first) + four breakdowns", run: () => list({}) },
    {
      group: GROUPS.api,
      name: "list, assumed roles with failures",
      run: () => list({ type: "AssumedRole", failures: "yes" }),
    },
    { group: GROUPS.api, name: 'list, text search ("deploy")', run: () => list({ q: "deploy" }) },
    {
      group: GROUPS.api,
      name: "list, one account, without failures, by writes",
      run: () => list({ account: "111122223333", failures: "no", sort: "writes" }),
    },
    {
      group: GROUPS.api,
      name: `list, sessions of the busiest issuer (${n(Number(s.issuer.actors))} principals)`,
      run: () => list({ issuer: s.issuer.arn }),
    },
    { group: GROUPS.api, name: "list, by last seen, page 3", run: () => list({ sort: "lastSeen", page: 3 }) },
    {
      group: GROUPS.api,
      name: `actor page, busiest actor (${n(s.busy.event_count)} events)`,
      run: () => detail(s.busy.key),
    },
    {
      group: GROUPS.api,
      name: `actor page, quiet actor (${n(s.quiet.event_count)} events)`,
      run: () => detail(s.quiet.key),
    },
    {
      group: GROUPS.baselines,
      slow: true,
      name: "every actor's counters (events, writes, failures, first/last, IPs, agents)",
      run: async () => (await actorCountsFromEvents(prisma, {})).length,
    },
    {
      group: GROUPS.baselines,
      slow: true,
      name: "the four breakdowns",
      run: async () => {
        const b = await actorBreakdownsFromEvents(prisma, {});
        return b.byType.length + b.byAgent.length + b.bySourceIp.length + b.byIssuer.length;
      },
    },
    {
      group: GROUPS.baselines,
      slow: true,
      name: `actor page, busiest actor (${n(s.busy.event_count)} events)`,
      run: async () => {
        const d = await actorDetailFromEvents(prisma, s.busy.key);
        return d.operations.length + d.resources.length + d.sessions.length + d.sourceIps.length;
      },
    },
  ];
}
