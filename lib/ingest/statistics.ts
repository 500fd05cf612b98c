import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";

// After a large ingest the planner's statistics describe a table that no longer exists: right
// after `npm run demo` (8,003 events into an empty table, never analysed) the explorer's
// "about" estimate said 15,840, from the page count and a default row width. Autovacuum would
// analyse the table within minutes; a run that grew the table by a tenth or more analyses it
// at once. ANALYZE samples 30,000 rows whatever the size: ~100–300 ms, once per run.

const AT_LEAST = 1_000;
const SHARE = 0.1;

/** Analyses the event tables when `stored` new events are a large part of them. True when it did. */
export async function refreshPlannerStatistics(prisma: PrismaClient, stored: number): Promise<boolean> {
  if (stored < AT_LEAST) return false;
  // On the pool, like the rest of a run's statements (runs.ts): no Prisma query in the ingest path.
  const pool = poolOf(prisma);
  const { rows } = await pool.query<{ estimate: number }>(
    "SELECT GREATEST(reltuples, 0)::float8 AS estimate FROM pg_class WHERE oid = 'event'::regclass",
  );
  if (stored < SHARE * (rows[0]?.estimate ?? 0)) return false;
  await pool.query("ANALYZE event, event_resource, actor, resource");
  return true;
}
