import "server-only";
import { ELASTICACHE_OPERATIONS } from "@/lib/elasticache/operations";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { FacetField } from "./facets";
import { eventFiltersSchema, type EventFiltersInput } from "./filters";
import { estimateEvents, isStatementTimeout, withTimeout, type QueryOptions } from "./queries";
import { resolveFilters } from "./resolve";
import { eventScan, facetColumn, filterConditions, whereClause } from "./sql";
import type { FacetCounts, FacetValue } from "./types";

// Counts for the filter menus (event name, error code, account, region, user agent), each
// under the other filters. A GROUP BY over every matching event costs a scan of the table
// (~0.5 s at 1 M events), so the menu takes the cheapest honest answer:
// 1. no other filter: the counters kept at ingest (event_facet_count) — exact, one index read;
// 2. at most FACET_EXACT_CAP matches: a GROUP BY of exactly those rows — exact;
// 3. more: a block sample of the table (TABLESAMPLE SYSTEM) under the same filters, scaled
//    up and rounded — "about" in the menu. Values too rare to appear in the sample are left
//    out rather than shown as zero.

/** Up to this many matching events are grouped exactly (a heap read each: ~10–30 ms). */
export const FACET_EXACT_CAP = 5_000;
/** A sample aims at this many matching events: the common values then come within about 10 %. */
const SAMPLE_TARGET = 1_000;
/** Fewer sampled matches than this: the planner overestimated, try counting exactly. */
const MIN_SAMPLE_MATCHES = 100;
/** Pages read at most, in per cent of the table: bounds the time a sample of a narrow filter takes. */
const MAX_SAMPLE_PERCENT = 3;
const MIN_SAMPLE_PERCENT = 0.1;
const MAX_VALUES = 500;
const FACET_TIMEOUT_MS = 3_000;

export interface FacetOptions extends QueryOptions {
  /** Tests lower it to reach the sampled path. */
  exactCap?: number;
  /** Tests set 100 to make the sample the whole table. */
  samplePercent?: number;
}

export async function eventFacets(
  prisma: PrismaClient,
  field: FacetField,
  input: EventFiltersInput,
  options: FacetOptions = {},
): Promise<FacetCounts> {
  const f = eventFiltersSchema.parse(input);
  const ctx = await resolveFilters(prisma, f, options.now ?? new Date());
  const conditions = filterConditions(f, ctx, field);
  if (conditions.length === 0) return { counts: "exact", values: await maintainedCounts(prisma, field) };
  const column = facetColumn(field);
  const notNull = Prisma.sql`${column} IS NOT NULL`;
  const cap = options.exactCap ?? FACET_EXACT_CAP;
  const exactly = (tx: PrismaClient) => countMatches(tx, column, eventScan(f, ctx).from, [...conditions, notNull], cap);
  // The sample reads `event e` alone: TABLESAMPLE applies to a table, not to a join.
  const sampleWhere = whereClause([...filterConditions(f, { ...ctx, eventTableOnly: true }, field), notNull]);
  try {
    return await withTimeout(prisma, FACET_TIMEOUT_MS, async (tx) => {
      // The planner's guess picks what to try first; a wrong guess costs one bounded query more.
      const estimate = await estimateEvents(tx, Prisma.raw("event e"), sampleWhere);
      if (estimate <= cap) {
        const exact = await exactly(tx);
        if (exact) return { counts: "exact", values: exact };
      }
      const percent =
        options.samplePercent ??
        Math.min(MAX_SAMPLE_PERCENT, Math.max(MIN_SAMPLE_PERCENT, (100 * SAMPLE_TARGET) / Math.max(estimate, cap + 1)));
      const sample = await sampledCounts(tx, column, sampleWhere, percent);
      if (sample.matched < MIN_SAMPLE_MATCHES && estimate > cap) {
        // Far fewer matches than the planner thought: few enough, perhaps, to count.
        const exact = await exactly(tx);
        if (exact) return { counts: "exact", values: exact };
      }
      return { counts: "approximate", values: sample.values };
    });
  } catch (error) {
    if (!isStatementTimeout(error)) throw error;
    const values = field === "name" ? Object.keys(ELASTICACHE_OPERATIONS).sort() : [];
    return { counts: "none", values: values.map((value) => ({ value, count: null })) };
  }
}

async function maintainedCounts(prisma: PrismaClient, field: FacetField): Promise<FacetValue[]> {
  return prisma.$queryRaw<FacetValue[]>`
    SELECT value, event_count::int AS count FROM event_facet_count WHERE field = ${field} AND event_count > 0
    ORDER BY event_count DESC, value LIMIT ${MAX_VALUES}`;
}

/** Exact counts when at most `cap` events match, else null (having read cap + 1 of them). */
async function countMatches(
  tx: PrismaClient,
  column: Prisma.Sql,
  from: Prisma.Sql,
  conditions: Prisma.Sql[],
  cap: number,
): Promise<FacetValue[] | null> {
  const rows = await tx.$queryRaw<(FacetValue & { matched: number })[]>`
    SELECT value, count(*)::int AS count, (sum(count(*)) OVER ())::int AS matched
    FROM (SELECT ${column} AS value FROM ${from} ${whereClause(conditions)} LIMIT ${cap + 1}) m
    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${MAX_VALUES}`;
  if ((rows[0]?.matched ?? 0) > cap) return null;
  return rows.map(({ value, count }) => ({ value, count }));
}

async function sampledCounts(
  tx: PrismaClient,
  column: Prisma.Sql,
  where: Prisma.Sql,
  percent: number,
): Promise<{ values: FacetValue[]; matched: number }> {
  // REPEATABLE: the same pages each time, so reopening the menu shows the same numbers.
  const rows = await tx.$queryRaw<(FacetValue & { matched: number })[]>`
    SELECT ${column} AS value, count(*)::int AS count, (sum(count(*)) OVER ())::int AS matched
    FROM event e TABLESAMPLE SYSTEM (${percent}::real) REPEATABLE (1) ${where}
    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${MAX_VALUES}`;
  return {
    values: rows.map(({ value, count }) => ({ value, count: roughly(((count ?? 0) * 100) / percent) })),
    matched: rows[0]?.matched ?? 0,
  };
}

/** Two significant digits: an estimate should not look more precise than it is. */
export function roughly(n: number): number {
  if (n < 1) return 1;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return Math.round(n / magnitude) * magnitude;
}
