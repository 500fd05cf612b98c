import "server-only";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { encodeCursor } from "./cursor";
import type { EventFilters, EventFiltersInput } from "./filters";
import { eventFiltersSchema } from "./filters";
import { resolveFilters, runEventBounds, type FilterContext } from "./resolve";
import { eventScan, filterConditions, keysetCondition, orderBy, PAGE_ROWS, pageDirection, whereClause } from "./sql";
import type { EventPage, EventRow, EventTotal, ResourceTouched } from "./types";
import { eventIdColumn } from "./event-id";

// The event explorer's reads: one page by keyset, the number of matches, and value counts
// for the filter menus. Callers pass the Prisma client and parsed filters.

export interface QueryOptions {
  /** What "last 24 hours" is relative to. */
  now?: Date;
  /** Where exact counting stops (tests lower it). */
  countCap?: number;
}

/**
 * Counting stops here: beyond it the list says "1,000+" and the planner's estimate. Counting
 * reads a heap page per match for most filters; at 1 M events a cap of 10,000 cost 70–100 ms
 * alone on busy filters (docs/benchmarks.md), 1,000 keeps the list under its budget.
 */
export const COUNT_CAP = 1_000;
/**
 * The total may not make the list miss its 100 ms budget: a count still running after this
 * long gives way to the planner's estimate ("about"). Free text over a common substring is the
 * usual case: the trigram index must intersect long posting lists before the first match is
 * known (~60 ms for 46,000 matches at 1 M events), while the page itself needs a few hundred rows.
 */
const COUNT_TIMEOUT_MS = 60;

interface EventPageRow {
  id: bigint;
  event_id: string;
  event_time: Date;
  event_name: string;
  aws_region: string;
  account_id: string;
  read_only: boolean;
  error_code: string | null;
  error_message: string | null;
  source_ip: string | null;
  user_agent_family: string;
  actor_key: string;
  actor_name: string;
  actor_type: string;
  resources: unknown;
}

/** Resources of each event, targets first, as one JSON array per row (no N+1 queries). */
export const RESOURCES_JSON = Prisma.sql`COALESCE((
  SELECT json_agg(json_build_object('kind', r.kind, 'resourceId', r.resource_id, 'accountId', r.account_id,
    'region', r.region, 'role', er.role) ORDER BY (er.role = 'target') DESC, r.kind, r.resource_id)
  FROM event_resource er JOIN resource r ON r.id = er.resource_id
  WHERE er.event_id = p.id), '[]'::json)`;

export function parseResources(value: unknown): ResourceTouched[] {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as ResourceTouched[]) : [];
}

function toRow(r: EventPageRow): EventRow {
  return {
    eventId: r.event_id,
    eventTime: r.event_time.toISOString(),
    eventName: r.event_name,
    awsRegion: r.aws_region,
    accountId: r.account_id,
    readOnly: r.read_only,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    sourceIp: r.source_ip,
    userAgentFamily: r.user_agent_family,
    actor: { key: r.actor_key, name: r.actor_name, type: r.actor_type },
    resources: parseResources(r.resources),
    cursor: encodeCursor({ time: r.event_time, id: r.id }),
  };
}

/** The matches themselves, when they are already known (see smallMatchSet): the page is then cut from their ids. */
type KnownMatches = bigint[] | undefined;

/** Rows in walking order; the page is picked first, then actors and resources are joined to those few rows. */
async function fetchRows(
  prisma: PrismaClient,
  f: EventFilters,
  ctx: FilterContext,
  direction: "desc" | "asc",
  cursor: string | undefined,
  limit: number,
  only: KnownMatches,
) {
  const scan = only ? eventScan({ ...f, resource: undefined }, ctx) : eventScan(f, ctx);
  // A run's bounds as values: see runCondition (lib/events/sql.ts).
  const pageCtx = f.run && !only ? { ...ctx, runEvents: await runEventBounds(prisma, f.run) } : ctx;
  const conditions = only ? [Prisma.sql`e.id = ANY(${only}::bigint[])`] : filterConditions(f, pageCtx);
  const keyset = keysetCondition(cursor, direction, scan);
  if (keyset) conditions.push(keyset);
  const rows = await prisma.$queryRaw<EventPageRow[]>`
    WITH page AS (
      SELECT e.id, ${eventIdColumn("e")} AS event_id, e.event_time, e.event_name, e.aws_region, e.account_id, e.read_only, e.error_code,
        e.error_message, e.source_ip, e.user_agent_family, e.actor_id
      FROM ${scan.from} ${whereClause(conditions)} ${orderBy(direction, scan)} LIMIT ${limit}
    )
    SELECT p.*, a.key AS actor_key, a.name AS actor_name, a.type AS actor_type, ${RESOURCES_JSON} AS resources
    FROM page p JOIN actor a ON a.id = p.actor_id
    ${orderBy(direction, PAGE_ROWS)}`;
  return rows.map(toRow);
}

export async function listEvents(
  prisma: PrismaClient,
  input: EventFiltersInput,
  options: QueryOptions = {},
): Promise<EventPage> {
  const f = eventFiltersSchema.parse(input);
  const ctx = await resolveFilters(prisma, f, options.now ?? new Date());
  const cap = options.countCap ?? COUNT_CAP;
  const small = f.q ? await smallMatchSet(prisma, f, ctx, cap) : null;
  if (small?.ids)
    return { ...(await fetchPage(prisma, f, ctx, small.ids)), total: { kind: "exact", value: small.ids.length } };
  const [page, total] = await Promise.all([
    fetchPage(prisma, f, ctx),
    countEvents(prisma, f, { ...options, ctx, estimate: small?.estimate }),
  ]);
  return { ...page, total };
}

/**
 * Free text that the planner expects to match at most `cap` events: every match, read once.
 * The trigram index has to intersect whole posting lists before it yields a single row, and
 * the page and the count in parallel would each pay for that (≈ 30 ms apiece at 1 M events for
 * a rare term); reading the matches once gives the exact total and the page's ids together.
 * No ids when the planner expects more, or there turn out to be more.
 */
async function smallMatchSet(
  prisma: PrismaClient,
  f: EventFilters,
  ctx: FilterContext,
  cap: number,
): Promise<{ ids?: bigint[]; estimate: number }> {
  const scan = eventScan(f, ctx);
  const where = whereClause(filterConditions(f, ctx));
  const estimate = await estimateEvents(prisma, scan.from, where);
  if (estimate > cap) return { estimate };
  const rows = await prisma.$queryRaw<
    { id: bigint }[]
  >`SELECT ${scan.id} AS id FROM ${scan.from} ${where} LIMIT ${cap + 1}`;
  return rows.length > cap ? { estimate } : { ids: rows.map((r) => r.id), estimate };
}

/** One page by keyset: limit + 1 rows tell whether another page follows without counting. */
export async function fetchPage(
  prisma: PrismaClient,
  f: EventFilters,
  ctx: FilterContext,
  only?: bigint[],
): Promise<Omit<EventPage, "total">> {
  const direction = pageDirection(f);
  const rows = await fetchRows(prisma, f, ctx, direction, f.after ?? f.before, f.limit + 1, only);
  const more = rows.length > f.limit;
  const events = rows.slice(0, f.limit);
  const first = () => events[0]?.cursor ?? null;
  const last = () => events[events.length - 1]?.cursor ?? null;
  if (f.before) {
    events.reverse();
    // Walking back reached the start with a short page: show the full first page instead.
    if (!more && events.length < f.limit) return fetchPage(prisma, { ...f, before: undefined }, ctx, only);
    return { events, prev: more ? first() : null, next: last() };
  }
  return { events, prev: f.after ? first() : null, next: more ? last() : null };
}

/** The count ran out of time — its statement, or the transaction around it (P2028): "counts unavailable". */
export function isStatementTimeout(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string }; message?: string; cause?: unknown };
  return (
    e.code === "57014" ||
    e.meta?.code === "57014" ||
    e.code === "P2028" ||
    /statement timeout|Unable to start a transaction in the given time|Transaction already closed/i.test(
      String(e.message ?? error),
    )
  );
}

export async function withTimeout<T>(
  prisma: PrismaClient,
  ms: number,
  run: (tx: PrismaClient) => Promise<T>,
): Promise<T> {
  // Prisma's own transaction limits (2 s to start, 5 s to finish) would fail a loaded server's
  // short count with a 500: waiting for a connection is bounded by the pool's acquire timeout
  // instead, and the statement by `ms`.
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${Math.trunc(ms)}`);
      return run(tx as unknown as PrismaClient);
    },
    { maxWait: 30_000, timeout: ms + 30_000 },
  );
}

/** The planner's row estimate for the filter: instant, and labelled "about" wherever shown. */
export async function estimateEvents(prisma: PrismaClient, from: Prisma.Sql, where: Prisma.Sql): Promise<number> {
  const rows = await prisma.$queryRaw<
    { "QUERY PLAN": unknown }[]
  >`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${from} ${where}`;
  const plan = rows[0]?.["QUERY PLAN"];
  const parsed = (typeof plan === "string" ? JSON.parse(plan) : plan) as { Plan?: { "Plan Rows"?: number } }[];
  return Math.round(parsed[0]?.Plan?.["Plan Rows"] ?? 0);
}

export async function countEvents(
  prisma: PrismaClient,
  f: EventFilters,
  options: QueryOptions & { ctx?: FilterContext; estimate?: number } = {},
): Promise<EventTotal> {
  const ctx = options.ctx ?? (await resolveFilters(prisma, f, options.now ?? new Date()));
  const { from } = eventScan(f, ctx);
  const where = whereClause(filterConditions(f, ctx));
  const cap = options.countCap ?? COUNT_CAP;
  try {
    const n = await withTimeout(prisma, COUNT_TIMEOUT_MS, async (tx) => {
      const [row] = await tx.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} ${where} LIMIT ${cap + 1}) capped`;
      return row?.n ?? 0;
    });
    if (n <= cap) return { kind: "exact", value: n };
    const estimate = options.estimate ?? (await estimateEvents(prisma, from, where));
    return { kind: "atLeast", value: cap, estimate: estimate > cap ? estimate : null };
  } catch (error) {
    if (!isStatementTimeout(error)) throw error;
    return { kind: "estimate", value: options.estimate ?? (await estimateEvents(prisma, from, where)) };
  }
}
