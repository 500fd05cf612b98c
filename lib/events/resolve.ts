import "server-only";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EventFilters } from "./filters";
import { resolveFreeText, type FreeTextMatches } from "./free-text";

// Filters that name a row of another table (an actor, a resource) are looked up once,
// before the event query. With a constant actor id, PostgreSQL walks the
// (actor_id, event_time, id) index in page order and stops after one page; with the lookup
// as a subquery it cannot know which index range applies and sorts every event of the
// actor first (141,000 for a polling integration in the benchmark).

export interface FilterContext {
  /** What "last 24 hours" is relative to. */
  now: Date;
  /** Actor rows the actor filter names (key, name or ARN); [] matches nothing. */
  actorIds?: bigint[];
  /** Resource rows with the resource id the filter names, in any account, region or kind. */
  resourceIds?: bigint[];
  /** Event names and actors the free text matches. */
  text?: FreeTextMatches;
  /**
   * The run filter's first and last event id as values (null: the run stored nothing), for a page: see
   * lib/events/sql.ts's runCondition. Without them the bounds are subqueries, as counts need.
   */
  runEvents?: { first: bigint; last: bigint } | null;
  /** Read `event e` alone even for one resource (a table sample cannot start from event_resource). */
  eventTableOnly?: boolean;
}

export async function resolveFilters(prisma: PrismaClient, f: EventFilters, now: Date): Promise<FilterContext> {
  const [actors, resources, text] = await Promise.all([
    f.actor
      ? // Each branch uses its own index (key is unique, name indexed); the actor table is small for the ARN.
        prisma.$queryRaw<{ id: bigint }[]>`
          SELECT id FROM actor WHERE key = ${f.actor}
          UNION SELECT id FROM actor WHERE name = ${f.actor}
          UNION SELECT id FROM actor WHERE arn = ${f.actor}`
      : null,
    f.resource ? prisma.resource.findMany({ where: { resourceId: f.resource }, select: { id: true } }) : null,
    f.q ? resolveFreeText(prisma, f.q) : null,
  ]);
  return {
    now,
    ...(actors ? { actorIds: actors.map((a) => a.id).sort((a, b) => (a < b ? -1 : 1)) } : {}),
    ...(resources ? { resourceIds: resources.map((r) => r.id).sort((a, b) => (a < b ? -1 : 1)) } : {}),
    ...(text ? { text } : {}),
  };
}

/** The range of event ids a run stored (ingest_run's bounds); null when it stored nothing or does not exist. */
export async function runEventBounds(
  prisma: PrismaClient,
  run: string,
): Promise<{ first: bigint; last: bigint } | null> {
  const row = await prisma.ingestRun.findUnique({
    where: { id: BigInt(run) },
    select: { firstEventId: true, lastEventId: true },
  });
  return row?.firstEventId != null && row.lastEventId != null
    ? { first: row.firstEventId, last: row.lastEventId }
    : null;
}
