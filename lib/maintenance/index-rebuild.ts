import type pg from "pg";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { poolOf } from "@/lib/db/create-client";
import { logger } from "@/lib/log/logger";
import { REBUILD_POLICY, rebuildThreshold, type RebuildPolicy } from "./rebuild-threshold";

// Rebuilding the indexes the ingest grows by insertion (issue 19). Built at once, event's and
// event_resource's secondary indexes hold 1,490 B per event at 1 M with their tables; inserted into
// batch after batch, as every install's ingest does, the grouped (column, event_time, id) B-trees
// end up 30-55 % larger and the trigram index ~30 % larger (leaf pages 60-70 % full), 1,671 B per
// event (docs/benchmarks.md, "Disk per event"); the counter tables' keys grow the same way.
// Changing the order of the inserts did not help, so after a large import the indexes are
// rebuilt: REINDEX INDEX CONCURRENTLY, one index at a time, so reads and ingest go on meanwhile
// (only DDL and VACUUM on the table wait) and the extra disk needed at any moment is one index's
// new copy.
//
// Who runs it: the job queue (lib/jobs, queue `index-rebuild`) after a web upload or an S3 sync whose
// run crossed the threshold (rebuild-threshold.ts), and the worker's minute tick; `npm run ingest`
// itself at the end of an import that crossed it. A session advisory lock keeps two processes from
// rebuilding at once. No "server-only" here: the ingest CLI (bundled without React's conditions)
// runs it too, like the rest of the ingest engine.

/**
 * The tables the ingest writes for every event: event and event_resource, and the counters kept beside them
 * (resources, actors and the rollups of lib/rollups). Their B-trees are all inserted into in the middle of
 * their key ranges; at 210,000 events the counters' indexes were 166.0 B per event as loaded and 115.5
 * rebuilt (docs/benchmarks.md, "Session 21"). Every index of each, primary keys too (most are composite
 * keys filled out of order; event's own, appended in order, costs a second at 1 M and stays simple).
 */
export const REBUILT_TABLES = [
  "event",
  "event_resource",
  "resource",
  "actor",
  "actor_activity",
  "actor_resource",
  "actor_rollup",
  "actor_rollup_day",
  "actor_session",
  "actor_source",
  "event_kind_rollup",
  "event_kind_rollup_day",
  "event_facet_count",
  "principal_seen",
  "resource_change_rollup",
  "resource_change_rollup_day",
  "security_event",
  "user_agent",
  "account_region",
] as const;

/** Held (session-level) while a process rebuilds. Taken elsewhere: 8154013 (users), 8154019 (event links), 8154023 (syncs). */
const REBUILD_LOCK_KEY = 8154031;

/** A GIN index is built in this much memory before it spills to disk; PostgreSQL's default is 64 MB. */
const MAINTENANCE_WORK_MEM = "256MB";

const log = logger.child({ component: "index-rebuild" });

export interface RebuildDue {
  due: boolean;
  /** Events stored since the last rebuild (counted up to the threshold). */
  storedSince: number;
  threshold: number;
}

/**
 * Whether the events stored since the last rebuild reach the threshold. Cheap when not: the highest
 * event id minus the mark is an upper bound (duplicates skip ids), and only when it passes the
 * threshold are the new rows counted, up to the threshold.
 */
export async function indexRebuildDue(
  prisma: PrismaClient,
  policy: RebuildPolicy = REBUILD_POLICY,
): Promise<RebuildDue> {
  const pool = poolOf(prisma);
  const { rows } = await pool.query<{ through: string; at_rebuild: string; max_id: string | null }>(
    `SELECT COALESCE(r.through_event_id, 0) AS through, COALESCE(r.events_at_rebuild, 0) AS at_rebuild,
       (SELECT max(id) FROM event) AS max_id
     FROM (SELECT 1) one LEFT JOIN index_rebuild r ON r.id = 1`,
  );
  const row = rows[0]!;
  const threshold = rebuildThreshold(Number(row.at_rebuild), policy);
  const bound = Number(row.max_id ?? 0) - Number(row.through);
  if (bound < threshold) return { due: false, storedSince: Math.max(bound, 0), threshold };
  const counted = await pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM (SELECT 1 FROM event WHERE id > $1 LIMIT $2) s",
    [row.through, threshold],
  );
  const storedSince = counted.rows[0]!.n;
  return { due: storedSince >= threshold, storedSince, threshold };
}

export interface RebuiltIndex {
  table: string;
  name: string;
  bytesBefore: number;
  bytesAfter: number;
  ms: number;
}

export type RebuildResult =
  | {
      kind: "rebuilt";
      indexes: RebuiltIndex[];
      /** The indexes' sizes before and after, summed. */
      bytesBefore: number;
      bytesAfter: number;
      droppedLeftovers: string[];
      ms: number;
    }
  /** Another process holds the rebuild lock: it is rebuilding now. */
  | { kind: "busy" }
  | { kind: "not-due"; due: RebuildDue };

export interface RebuildOptions {
  /** When a rebuild is due (rebuildIndexesIfDue); tests use a smaller one. */
  policy?: RebuildPolicy;
  /** Called as each index starts (its position counted from 1). */
  onIndex?: (index: { table: string; name: string; bytes: number }, position: number, total: number) => void;
}

/** Rebuilds when due (indexRebuildDue), checked again under the lock so that two callers rebuild once. */
export async function rebuildIndexesIfDue(prisma: PrismaClient, options: RebuildOptions = {}): Promise<RebuildResult> {
  return withRebuildLock(prisma, async (client) => {
    const due = await indexRebuildDue(prisma, options.policy);
    if (!due.due) return { kind: "not-due", due };
    return rebuildLocked(client, options);
  });
}

/** Rebuilds every index of REBUILT_TABLES now, one at a time. */
export async function rebuildIndexes(prisma: PrismaClient, options: RebuildOptions = {}): Promise<RebuildResult> {
  return withRebuildLock(prisma, (client) => rebuildLocked(client, options));
}

async function withRebuildLock(
  prisma: PrismaClient,
  work: (client: pg.PoolClient) => Promise<RebuildResult>,
): Promise<RebuildResult> {
  // One connection for the whole rebuild: REINDEX CONCURRENTLY cannot run inside a transaction, and the
  // lock is the session's.
  const client = await poolOf(prisma).connect();
  let locked = false;
  try {
    locked = (await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [REBUILD_LOCK_KEY])).rows[0]!
      .ok;
    if (!locked) return { kind: "busy" };
    // The web app's connections carry a statement timeout; a rebuild of a large table takes minutes.
    await client.query("SET statement_timeout = 0");
    await client.query(`SET maintenance_work_mem = '${MAINTENANCE_WORK_MEM}'`);
    return await work(client);
  } finally {
    try {
      if (locked) await client.query("SELECT pg_advisory_unlock($1)", [REBUILD_LOCK_KEY]);
      await client.query("RESET statement_timeout");
      await client.query("RESET maintenance_work_mem");
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : true); // a broken connection is not given back
    }
  }
}

async function rebuildLocked(client: pg.PoolClient, options: RebuildOptions): Promise<RebuildResult> {
  const started = Date.now();
  const droppedLeftovers = await dropLeftoverRebuilds(client);
  // The mark is taken before the rebuild: events stored during it go into the new indexes by insertion.
  const mark = await client.query<{ through: string | null; n: string }>(
    "SELECT max(id) AS through, count(*) AS n FROM event",
  );
  const { rows: targets } = await client.query<{ table: string; name: string; qualified: string; bytes: string }>(
    `SELECT t.relname AS table, i.relname AS name, format('%I.%I', n.nspname, i.relname) AS qualified,
       pg_relation_size(i.oid) AS bytes
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND t.relname = ANY($1::text[]) AND x.indisvalid
     ORDER BY t.relname, i.relname`,
    [[...REBUILT_TABLES]],
  );
  const indexes: RebuiltIndex[] = [];
  for (const [k, target] of targets.entries()) {
    const bytesBefore = Number(target.bytes);
    options.onIndex?.({ table: target.table, name: target.name, bytes: bytesBefore }, k + 1, targets.length);
    const indexStarted = Date.now();
    try {
      await client.query(`REINDEX INDEX CONCURRENTLY ${target.qualified}`);
    } catch (error) {
      // A concurrent reindex that fails leaves its half-built copy behind, invalid: gone before the retry.
      await dropLeftoverRebuilds(client).catch(() => []);
      throw error;
    }
    const after = await client.query<{ bytes: string }>("SELECT pg_relation_size($1::regclass) AS bytes", [
      target.qualified,
    ]);
    const rebuilt = {
      table: target.table,
      name: target.name,
      bytesBefore,
      bytesAfter: Number(after.rows[0]!.bytes),
      ms: Date.now() - indexStarted,
    };
    log.info(rebuilt, "Rebuilt an index");
    indexes.push(rebuilt);
  }
  const ms = Date.now() - started;
  await client.query(
    `INSERT INTO index_rebuild (id, through_event_id, events_at_rebuild, rebuilt_at, duration_ms)
     VALUES (1, $1, $2, now(), $3)
     ON CONFLICT (id) DO UPDATE SET through_event_id = $1, events_at_rebuild = $2, rebuilt_at = now(), duration_ms = $3`,
    [mark.rows[0]!.through ?? "0", mark.rows[0]!.n, ms],
  );
  const bytesBefore = indexes.reduce((s, i) => s + i.bytesBefore, 0);
  const bytesAfter = indexes.reduce((s, i) => s + i.bytesAfter, 0);
  log.info({ indexes: indexes.length, bytesBefore, bytesAfter, ms }, "Rebuilt the ingest's indexes");
  return { kind: "rebuilt", indexes, bytesBefore, bytesAfter, droppedLeftovers, ms };
}

/**
 * Drops what a failed or interrupted REINDEX CONCURRENTLY left on REBUILT_TABLES: the invalid new copy
 * (`…_ccnew`, `…_ccnew1`…) or, when it failed at its very end, the invalid old one (`…_ccold`). Only
 * under the rebuild lock: another process's rebuild in progress has an invalid `_ccnew` too.
 */
export async function dropLeftoverRebuilds(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string; qualified: string }>(
    `SELECT i.relname AS name, format('%I.%I', n.nspname, i.relname) AS qualified
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = current_schema() AND t.relname = ANY($1::text[]) AND NOT x.indisvalid
       AND i.relname ~ '_cc(new|old)[0-9]*$'`,
    [[...REBUILT_TABLES]],
  );
  for (const row of rows) {
    await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${row.qualified}`);
    log.warn({ index: row.name }, "Dropped what an interrupted index rebuild left behind");
  }
  return rows.map((r) => r.name);
}
