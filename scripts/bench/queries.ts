// npm run bench:queries [-- --events 1000000 --runs 40 --reload]
// Server-side time of the explorer's and event page's queries on a database of ≥ 1 M
// generated ElastiCache events, next to the naive ways (OFFSET paging, ILIKE over the whole
// record as text, an exact count), plus a resource-timeline and a resources-list query for
// the cluster pages. Writes its section of docs/benchmarks.md.
//
// The data set is loaded once into its own embedded PostgreSQL (.data/bench-queries, or
// BENCH_DATABASE_URL) and reused while its parameters match. Other benchmarks can reuse it:
//   import { provideQueryBenchDatabase } from "@/scripts/bench/queries";
//   const bench = await provideQueryBenchDatabase({ events: 1_000_000 });  // { url, hotResource, release }
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { normaliseRecord } from "@/lib/cloudtrail/normalise";
import type { NormalisedEvent } from "@/lib/cloudtrail/types";
import { createPrismaClient } from "@/lib/db/create-client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import type { EventTotal } from "@/lib/events/types";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { storeEvents } from "@/lib/ingest/store";
import { generateElastiCacheRecords } from "@/tools/corpus";
import { machineDescription, percentile, writeBenchmarkSection } from "./report";

// ---- the data set ---------------------------------------------------------------------------

/** Bump when the generated data or its stored form changes, so an older loaded database is rebuilt. */
// 2: search_text without event and actor names (lib/ingest/search-text.ts).
const DATASET_VERSION = 2;
const START = Date.UTC(2025, 0, 1);
const CHUNK = 20_000;
const BATCH = 5_000;

export interface QueryBenchOptions {
  /** Generated events (the hot resource's events come on top). */
  events?: number;
  /** Events on one cache cluster, spread over the whole time range: a busy resource's timeline. */
  hotResourceEvents?: number;
  seed?: number;
  /** Rebuild even when a matching data set is loaded. */
  reload?: boolean;
  log?: (line: string) => void;
}

export interface QueryBench {
  url: string;
  /** The cache cluster with `hotResourceEvents` events. */
  hotResource: { accountId: string; region: string; kind: "cache-cluster"; resourceId: string };
  events: number;
  release(): Promise<void>;
}

const HOT = {
  accountId: "111122223333",
  region: "us-east-1",
  kind: "cache-cluster" as const,
  resourceId: "bench-hot-cluster",
};

/** A busy cluster: modified and rebooted by automation all through the period. */
function hotRecord(i: number, time: number): Record<string, unknown> {
  const modify = i % 3 !== 2;
  const hex = i.toString(16).padStart(12, "0");
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      principalId: "AROABENCHHOT:autoscaler",
      arn: "arn:aws:sts::111122223333:assumed-role/cache-autoscaler/autoscaler",
      accountId: HOT.accountId,
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          arn: "arn:aws:iam::111122223333:role/cache-autoscaler",
          userName: "cache-autoscaler",
        },
      },
    },
    eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: "elasticache.amazonaws.com",
    eventName: modify ? "ModifyCacheCluster" : "RebootCacheCluster",
    awsRegion: HOT.region,
    sourceIPAddress: "10.20.30.40",
    userAgent: "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux lang/python#3.12.1",
    requestParameters: modify
      ? { cacheClusterId: HOT.resourceId, numCacheNodes: 2 + (i % 4), applyImmediately: true }
      : { cacheClusterId: HOT.resourceId, cacheNodeIdsToReboot: ["0001"] },
    responseElements: {
      cacheClusterId: HOT.resourceId,
      cacheClusterStatus: modify ? "modifying" : "rebooting cache cluster nodes",
    },
    requestID: `bench-hot-request-${hex}`,
    eventID: `00000000-b0b0-4000-8000-${hex}`,
    readOnly: false,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: HOT.accountId,
    eventCategory: "Management",
  };
}

function normalise(records: Record<string, unknown>[]): NormalisedEvent[] {
  const out: NormalisedEvent[] = [];
  for (const r of records) {
    const result = normaliseRecord(r);
    if (result.ok) out.push(result.event);
  }
  return out;
}

async function sql(url: string, run: (c: pg.Client) => Promise<void>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Stores the data set: secondary indexes are dropped first and built once at the end, which
 * is how a bulk load should be done and is many times faster than updating a trigram index
 * row by row. The schema ends up exactly as the migrations made it.
 */
async function load(
  url: string,
  prisma: PrismaClient,
  o: Required<Omit<QueryBenchOptions, "reload" | "log">>,
  log: (line: string) => void,
) {
  await applyMigrations(url);
  let indexes: { indexname: string; indexdef: string }[] = [];
  await sql(url, async (c) => {
    indexes = (
      await c.query<{ indexname: string; indexdef: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('event', 'event_resource')
         AND indexdef NOT LIKE 'CREATE UNIQUE%'`,
      )
    ).rows;
    for (const i of indexes) await c.query(`DROP INDEX "${i.indexname}"`);
  });
  const started = Date.now();
  let stored = 0;
  const chunks = Math.ceil(o.events / CHUNK);
  // Each chunk is ~11 hours of a busy estate (a 2 s mean gap); chunks follow each other.
  const chunkSpan = CHUNK * 2_000;
  const pending: Promise<unknown>[] = [];
  for (let k = 0; k < chunks; k++) {
    const count = Math.min(CHUNK, o.events - k * CHUNK);
    const events = normalise(generateElastiCacheRecords(count, o.seed * 1_000 + k, new Date(START + k * chunkSpan)));
    for (let i = 0; i < events.length; i += BATCH) {
      // Two batches in flight: Node builds the next while PostgreSQL writes the last.
      if (pending.length >= 2) await pending.shift();
      pending.push(
        storeEvents(prisma, events.slice(i, i + BATCH), { runId: null, fileId: null }).then(
          (r) => (stored += r.stored),
        ),
      );
    }
    log(
      `  ${(k + 1) * CHUNK} generated, ${stored} stored, ${Math.round(stored / ((Date.now() - started) / 1000))} events/s`,
    );
  }
  await Promise.all(pending);
  const span = chunks * chunkSpan;
  const hot = normalise(
    Array.from({ length: o.hotResourceEvents }, (_, i) =>
      hotRecord(i, START + Math.floor(((i + 0.5) * span) / o.hotResourceEvents)),
    ),
  );
  for (let i = 0; i < hot.length; i += BATCH)
    stored += (await storeEvents(prisma, hot.slice(i, i + BATCH), { runId: null, fileId: null })).stored;
  log(
    `Stored ${stored} events in ${((Date.now() - started) / 1000).toFixed(0)} s; building ${indexes.length} indexes…`,
  );
  const indexing = Date.now();
  await sql(url, async (c) => {
    await c.query("SET maintenance_work_mem = '1GB'");
    await c.query("SET max_parallel_maintenance_workers = 2");
    for (const i of indexes) await c.query(i.indexdef);
    await c.query("VACUUM (ANALYZE) event");
    await c.query("VACUUM (ANALYZE) event_resource");
    await c.query("VACUUM (ANALYZE) actor");
    await c.query("VACUUM (ANALYZE) resource");
  });
  log(`Indexes built and tables analysed in ${((Date.now() - indexing) / 1000).toFixed(0)} s.`);
  return stored;
}

/** The bench database, loaded (or reused when already loaded with the same parameters). */
export async function provideQueryBenchDatabase(options: QueryBenchOptions = {}): Promise<QueryBench> {
  const o = {
    events: options.events ?? 1_000_000,
    hotResourceEvents: options.hotResourceEvents ?? 10_000,
    seed: options.seed ?? 1,
  };
  const log = options.log ?? ((line: string) => console.error(line));
  let url = process.env.BENCH_DATABASE_URL;
  let release = async () => {};
  if (!url) {
    const server = await startEmbeddedPostgres({
      dataDir: path.resolve(".data/bench-queries"),
      preferredPort: 54393,
      database: "postgres",
      log,
    });
    const admin = server.url;
    url = admin.replace(/\/postgres$/, "/cachetrail_bench_queries");
    release = server.release;
    const wanted = JSON.stringify({ v: DATASET_VERSION, ...o });
    let current: string | null = null;
    await sql(admin, async (c) => {
      const exists = (await c.query("SELECT 1 FROM pg_database WHERE datname = 'cachetrail_bench_queries'")).rowCount;
      if (exists) {
        await sql(url!, async (d) => {
          const meta = await d.query<{ description: string | null }>(
            "SELECT shobj_description(oid, 'pg_database') AS description FROM pg_database WHERE datname = current_database()",
          );
          current = meta.rows[0]?.description ?? null;
        });
      }
      if (exists && current === wanted && !options.reload) return;
      log(
        `Loading the query benchmark data set (${o.events.toLocaleString("en-US")} events + ${o.hotResourceEvents.toLocaleString("en-US")} on one cluster)…`,
      );
      await c.query("DROP DATABASE IF EXISTS cachetrail_bench_queries WITH (FORCE)");
      await c.query("CREATE DATABASE cachetrail_bench_queries");
      current = null;
    });
    if (current !== wanted || options.reload) {
      const prisma = createPrismaClient(url, 4);
      try {
        await load(url, prisma, o, log);
      } finally {
        await prisma.$disconnect();
      }
      // The parameters live on the database itself: a half-loaded one never matches.
      await sql(admin, (c) =>
        c.query(`COMMENT ON DATABASE cachetrail_bench_queries IS '${wanted}'`).then(() => undefined),
      );
    }
  }
  // A reused data set gets the migrations written since it was loaded (new indexes, counters).
  const applied = await applyMigrations(url);
  if (applied.length) log(`Applied ${applied.join(", ")} to the loaded data set.`);
  let events = 0;
  await sql(url, async (c) => {
    events = Number((await c.query<{ n: string }>("SELECT count(*) AS n FROM event")).rows[0]?.n ?? 0);
  });
  return { url, hotResource: HOT, events, release };
}

// ---- measurements ---------------------------------------------------------------------------

interface Case {
  group: string;
  name: string;
  /** One execution; returns rows (or a count) to show the case did real work. */
  run: () => Promise<number>;
  /** Untimed, before each execution: puts the state the case starts from in place. */
  prepare?: () => Promise<void>;
  baselineFor?: string;
}

interface Result {
  group: string;
  name: string;
  p50: number;
  p95: number;
  rows: number;
  /** What the list said its total was, or how exact the menu counts were, on the last run. */
  note: string | null;
}

/** Set by list and menu cases: the total as the explorer shows it, or how exact the counts are. */
let lastNote: string | null = null;

function describeTotal(t: EventTotal): string {
  const n = (v: number) => v.toLocaleString("en-US");
  if (t.kind === "exact") return n(t.value);
  if (t.kind === "atLeast") return `${n(t.value)}+${t.estimate === null ? "" : ` (about ${n(t.estimate)})`}`;
  return `about ${n(t.value)} (count over budget)`;
}

async function measure(c: Case, runs: number): Promise<Result> {
  lastNote = null;
  let rows = 0;
  for (let i = 0; i < 3; i++) {
    await c.prepare?.();
    rows = await c.run(); // warm-up: plans cached, pages in memory
  }
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await c.prepare?.();
    const t = performance.now();
    rows = await c.run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { group: c.group, name: c.name, p50: percentile(times, 50), p95: percentile(times, 95), rows, note: lastNote };
}

/** The "extended" case starts from stored facts that miss the resource's newest events. */
const LATE_EVENTS = 10;

/**
 * The facts the app stores for a resource, as they were before its newest `newest` events
 * arrived: built by the app itself inside a transaction that hides those events, then rolled
 * back — the data set is left as it was.
 */
async function factsBehindByNewest(
  prisma: PrismaClient,
  resourceRowId: bigint,
  key: QueryBench["hotResource"],
  newest: number,
): Promise<{ eventCount: number; body: Uint8Array }> {
  const { loadResourcePage } = await import("@/lib/resources/resource-page");
  const { clearResourceStateCache, storedFactsSettled } = await import("@/lib/resources/resource-state");
  const { DEFAULT_TIMELINE_PARAMS } = await import("@/lib/resources/timeline-params");
  class Built extends Error {
    constructor(readonly row: { event_count: number; body: Uint8Array }) {
      super("rolled back");
    }
  }
  try {
    await prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`DELETE FROM event_resource WHERE (resource_id, event_id) IN (SELECT resource_id, event_id FROM event_resource
          WHERE resource_id = ${resourceRowId} ORDER BY event_time DESC, event_id DESC LIMIT ${newest})`;
        await tx.$executeRaw`UPDATE resource SET event_count = event_count - ${newest} WHERE id = ${resourceRowId}`;
        clearResourceStateCache();
        await loadResourcePage(tx as unknown as PrismaClient, key, DEFAULT_TIMELINE_PARAMS);
        await storedFactsSettled();
        const [row] = await tx.$queryRaw<Array<{ event_count: number; body: Uint8Array }>>`
          SELECT event_count, body FROM resource_history WHERE resource_id = ${resourceRowId}`;
        throw new Built(row!);
      },
      { timeout: 120_000 },
    );
  } catch (err) {
    if (err instanceof Built) {
      clearResourceStateCache();
      return { eventCount: err.row.event_count, body: err.row.body };
    }
    throw err;
  }
  throw new Error("the transaction was not rolled back");
}

async function main() {
  const { values } = parseArgs({
    options: {
      events: { type: "string", default: "1000000" },
      runs: { type: "string", default: "40" },
      reload: { type: "boolean", default: false },
    },
  });
  const bench = await provideQueryBenchDatabase({ events: Number(values.events), reload: values.reload });
  const runs = Number(values.runs);
  // Imported here: these modules are marked server-only (this process runs with react-server).
  const { listEvents } = await import("@/lib/events/queries");
  const { eventFacets } = await import("@/lib/events/facet-counts");
  const { loadResourcePage } = await import("@/lib/resources/resource-page");
  const { clearResourceStateCache, storedFactsSettled } = await import("@/lib/resources/resource-state");
  const { listResources } = await import("@/lib/resources/list-queries");
  const { summariseResources } = await import("@/lib/resources/summaries");
  const { DEFAULT_TIMELINE_PARAMS } = await import("@/lib/resources/timeline-params");
  const { DEFAULT_LIST_PARAMS } = await import("@/lib/resources/list-params");
  const { getEvent, getRelatedEvents } = await import("@/lib/events/detail");
  const { exportEvents } = await import("@/lib/events/export");
  const { RESOURCES_JSON } = await import("@/lib/events/queries");
  const prisma = createPrismaClient(bench.url, 10);

  type Row = Record<string, unknown>;
  const one = async <T extends Row>(query: Prisma.Sql) => (await prisma.$queryRaw<T[]>(query))[0]!;
  const busyActor = await one<{ key: string; name: string; event_count: number }>(
    Prisma.sql`SELECT key, name, event_count FROM actor ORDER BY event_count DESC LIMIT 1`,
  );
  const quietActor = await one<{ key: string; event_count: number }>(
    Prisma.sql`SELECT key, event_count FROM actor WHERE event_count BETWEEN 100 AND 5000 ORDER BY event_count DESC LIMIT 1`,
  );
  const busyIp = await one<{ source_ip: string; n: bigint }>(
    Prisma.sql`SELECT source_ip, count(*) AS n FROM event WHERE source_ip IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
  );
  const account = await one<{ account_id: string }>(
    Prisma.sql`SELECT account_id FROM event GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  const depth = Math.min(500_000, Math.floor(bench.events / 2));
  const deep = await one<{ event_time: Date; id: bigint }>(
    Prisma.sql`SELECT event_time, id FROM event ORDER BY event_time DESC, id DESC OFFSET ${depth} LIMIT 1`,
  );
  const deepCursor = `${deep.event_time.getTime()}_${deep.id}`;
  const range = await one<{ min: Date; max: Date }>(
    Prisma.sql`SELECT min(event_time) AS min, max(event_time) AS max FROM event`,
  );
  const mid = new Date((range.min.getTime() + range.max.getTime()) / 2);
  const day = { from: mid.toISOString(), to: new Date(mid.getTime() + 24 * 3600_000).toISOString() };
  const sample = await prisma.$queryRaw<
    { event_id: string }[]
  >`SELECT event_id FROM event TABLESAMPLE SYSTEM (0.5) LIMIT 500`;
  const hotRow = await one<{ id: bigint }>(
    Prisma.sql`SELECT id FROM resource WHERE resource_id = ${bench.hotResource.resourceId}`,
  );
  // What the server's sweeper does after an ingest (lib/resources/sweeper.ts): once per data set.
  let summarised = 0;
  for (let n = 1; n > 0; summarised += n) n = await summariseResources(prisma);
  if (summarised > 0)
    console.error(
      `Summarised ${summarised.toLocaleString("en-US")} resources for the list's engine and status filters.`,
    );
  const hotPage = async () =>
    (await loadResourcePage(prisma, bench.hotResource, DEFAULT_TIMELINE_PARAMS))?.timeline.items.length ?? 0;
  const lagging = await factsBehindByNewest(prisma, hotRow.id, bench.hotResource, LATE_EVENTS);
  // Search terms by how many events they match: a parameter-group name found in many
  // requests, and a snapshot name found in a handful.
  const broad = await one<{ resource_id: string }>(
    Prisma.sql`SELECT resource_id FROM resource WHERE kind = 'parameter-group' AND resource_id LIKE 'default.%' ORDER BY event_count DESC LIMIT 1`,
  );
  const narrow = await one<{ resource_id: string }>(
    Prisma.sql`SELECT resource_id FROM resource WHERE kind = 'snapshot' AND length(resource_id) >= 16 ORDER BY event_count DESC, resource_id LIMIT 1`,
  );
  const matches = async (term: string) =>
    Number(
      (await one<{ n: bigint }>(Prisma.sql`SELECT count(*) AS n FROM event WHERE search_text ILIKE ${`%${term}%`}`)).n,
    );
  const [broadMatches, narrowMatches] = [await matches(broad.resource_id), await matches(narrow.resource_id)];
  const rareTerm = broad.resource_id;
  // About 10,000 events in a row, for the export.
  const exportFrom = await one<{ event_time: Date }>(
    Prisma.sql`SELECT event_time FROM event ORDER BY event_time DESC, id DESC OFFSET ${depth + 10_000} LIMIT 1`,
  );
  const exportWindow = { from: exportFrom.event_time.toISOString(), to: deep.event_time.toISOString() };
  const commonTerm = "prod";
  let pick = 0;
  const nextEventId = () => sample[pick++ % sample.length]!.event_id;
  const page = async (f: Parameters<typeof listEvents>[1]) => {
    const result = await listEvents(prisma, f);
    lastNote = `total shown: ${describeTotal(result.total)}`;
    return result.events.length;
  };
  const menu = async (field: Parameters<typeof eventFacets>[1], f: Parameters<typeof eventFacets>[2]) => {
    const result = await eventFacets(prisma, field, f);
    lastNote = `counts: ${result.counts}`;
    return result.values.length;
  };
  const SELECT_PAGE = Prisma.sql`SELECT p.*, a.name AS actor_name, ${RESOURCES_JSON} AS resources FROM page p JOIN actor a ON a.id = p.actor_id`;

  const cases: Case[] = [
    { group: "Event list (GET /api/events: page + capped total)", name: "first page, no filter", run: () => page({}) },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: `first page, busiest actor (${busyActor.event_count.toLocaleString("en-US")} events)`,
      run: () => page({ actor: busyActor.key }),
    },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: `first page, one actor (${quietActor.event_count.toLocaleString("en-US")} events)`,
      run: () => page({ actor: quietActor.key }),
    },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: "first page, failures only",
      run: () => page({ outcome: "failure" }),
    },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: "first page, writes of one account",
      run: () => page({ access: "write", account: [account.account_id] }),
    },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: "first page, ModifyCacheCluster + AccessDenied",
      run: () => page({ name: ["ModifyCacheCluster"], error: "AccessDenied" }),
    },
    { group: "Event list (GET /api/events: page + capped total)", name: "first page, one day", run: () => page(day) },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: `first page, busiest source IP (${Number(busyIp.n).toLocaleString("en-US")} events)`,
      run: () => page({ ip: busyIp.source_ip }),
    },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: "first page, CloudFormation calls (user agent family)",
      run: () => page({ agent: "cloudformation" }),
    },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: "first page, one resource (10,000 events)",
      run: () => page({ resource: bench.hotResource.resourceId }),
    },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: `deep page (keyset, ${depth.toLocaleString("en-US")} rows in)`,
      run: () => page({ after: deepCursor }),
    },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: `free text, common ("${commonTerm}")`,
      run: () => page({ q: commonTerm }),
    },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: `free text matching ${broadMatches.toLocaleString("en-US")} events ("${broad.resource_id}")`,
      run: () => page({ q: broad.resource_id }),
    },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: `free text matching ${narrowMatches.toLocaleString("en-US")} events ("${narrow.resource_id}")`,
      run: () => page({ q: narrow.resource_id }),
    },
    {
      group: "Event list (GET /api/events: page + capped total)",
      name: "free text, an event ID",
      run: () => page({ q: nextEventId() }),
    },
    {
      group: "Filter menus (GET /api/events/facets)",
      name: "event-name menu counts (facets, no filter)",
      run: () => menu("name", {}),
    },
    {
      group: "Filter menus (GET /api/events/facets)",
      name: "error-code menu counts (no filter)",
      run: () => menu("error", {}),
    },
    {
      group: "Filter menus (GET /api/events/facets)",
      name: `event-name menu, one actor (${quietActor.event_count.toLocaleString("en-US")} events)`,
      run: () => menu("name", { actor: quietActor.key }),
    },
    {
      group: "Filter menus (GET /api/events/facets)",
      name: "error-code menu, ModifyCacheCluster selected",
      run: () => menu("error", { name: ["ModifyCacheCluster"], error: "AccessDenied" }),
    },
    {
      group: "Filter menus (GET /api/events/facets)",
      name: "event-name menu, one account",
      run: () => menu("name", { account: [account.account_id] }),
    },
    { group: "Filter menus (GET /api/events/facets)", name: "event-name menu, one day", run: () => menu("name", day) },
    {
      group: "Filter menus (GET /api/events/facets)",
      name: "error-code menu, failures of one account",
      run: () => menu("error", { outcome: "failure", account: [account.account_id] }),
    },
    {
      group: "Event page",
      name: "detail lookup by eventID",
      run: async () => ((await getEvent(prisma, nextEventId())) ? 1 : 0),
    },
    {
      group: "Event page",
      name: "detail + related events",
      run: async () => {
        const found = await getEvent(prisma, nextEventId());
        const related = found ? await getRelatedEvents(prisma, found.anchor) : null;
        return related ? related.sameActor.length + related.onResources.length : 0;
      },
    },
    {
      group: "Export",
      name: "CSV export of ~10,000 events (a time window)",
      run: async () => (await new Response(exportEvents(prisma, exportWindow, "csv")).text()).split("\r\n").length - 2,
    },
    {
      group: "Baselines (what the explorer avoids)",
      name: `deep page with OFFSET ${depth.toLocaleString("en-US")}`,
      run: async () =>
        (
          await prisma.$queryRaw<
            Row[]
          >`WITH page AS (SELECT e.* FROM event e ORDER BY e.event_time DESC, e.id DESC OFFSET ${depth} LIMIT 50) ${SELECT_PAGE}`
        ).length,
    },
    {
      group: "Baselines (what the explorer avoids)",
      name: `free text "${rareTerm}" as ILIKE on record::text`,
      run: async () =>
        (
          await prisma.$queryRaw<
            Row[]
          >`WITH page AS (SELECT e.* FROM event e WHERE e.record::text ILIKE ${`%${rareTerm}%`}
            ORDER BY e.event_time DESC, e.id DESC LIMIT 50) ${SELECT_PAGE}`
        ).length,
    },
    {
      group: "Baselines (what the explorer avoids)",
      name: "exact count(*) of all events",
      run: async () => Number((await one<{ n: bigint }>(Prisma.sql`SELECT count(*) AS n FROM event`)).n),
    },
    {
      group: "Cluster pages (for lib/resources)",
      name: "resource page, 10,000 events: nothing stored yet (built from every event)",
      prepare: async () => {
        await storedFactsSettled();
        await prisma.$executeRaw`DELETE FROM resource_history WHERE resource_id = ${hotRow.id}`;
        clearResourceStateCache();
      },
      run: hotPage,
    },
    {
      group: "Cluster pages (for lib/resources)",
      name: "resource page, 10,000 events: first view in a process (stored facts read back)",
      prepare: async () => {
        await storedFactsSettled();
        clearResourceStateCache();
      },
      run: hotPage,
    },
    {
      group: "Cluster pages (for lib/resources)",
      name: `resource page, 10,000 events: ${LATE_EVENTS} new since the stored facts (read back and extended)`,
      prepare: async () => {
        await storedFactsSettled();
        await prisma.$executeRaw`UPDATE resource_history SET event_count = ${lagging.eventCount}, body = ${lagging.body}
          WHERE resource_id = ${hotRow.id}`;
        clearResourceStateCache();
      },
      run: hotPage,
    },
    {
      group: "Cluster pages (for lib/resources)",
      name: "resource page, 10,000 events: held in memory (loadResourcePage)",
      run: hotPage,
    },
    {
      group: "Cluster pages (for lib/resources)",
      name: "resources list, default view (listResources)",
      run: async () => (await listResources(prisma, DEFAULT_LIST_PARAMS)).rows.length,
    },
    {
      group: "Cluster pages (for lib/resources)",
      name: "resources list, deleted redis cache clusters (engine and status filters)",
      run: async () =>
        (
          await listResources(prisma, {
            ...DEFAULT_LIST_PARAMS,
            kind: "cache-cluster",
            engine: "redis",
            status: "deleted",
          })
        ).rows.length,
    },
    {
      group: "Cluster pages (for lib/resources)",
      name: "resource timeline: newest 50 of 10,000 (event_resource ⨝ event)",
      run: async () =>
        (
          await prisma.$queryRaw<Row[]>`
            SELECT e.event_id, e.event_time, e.event_name, e.error_code, er.role, a.name
            FROM (SELECT event_id, role FROM event_resource WHERE resource_id = ${hotRow.id}
                  ORDER BY event_time DESC, event_id DESC LIMIT 50) er
            JOIN event e ON e.id = er.event_id JOIN actor a ON a.id = e.actor_id
            ORDER BY e.event_time DESC, e.id DESC`
        ).length,
    },
    {
      group: "Cluster pages (for lib/resources)",
      name: "resource timeline: 50 at 5,000 deep (keyset)",
      run: async () => {
        const cut = await one<{ event_time: Date; event_id: bigint }>(
          Prisma.sql`SELECT event_time, event_id FROM event_resource WHERE resource_id = ${hotRow.id} ORDER BY event_time DESC, event_id DESC OFFSET 5000 LIMIT 1`,
        );
        return (
          await prisma.$queryRaw<Row[]>`
            SELECT e.event_id, e.event_time, e.event_name FROM (SELECT event_id FROM event_resource
              WHERE resource_id = ${hotRow.id} AND (event_time, event_id) < (${cut.event_time}, ${cut.event_id})
              ORDER BY event_time DESC, event_id DESC LIMIT 50) er JOIN event e ON e.id = er.event_id`
        ).length;
      },
    },
    {
      group: "Cluster pages (for lib/resources)",
      name: "resources list: cache clusters by last seen, 50",
      run: async () =>
        (
          await prisma.$queryRaw<
            Row[]
          >`SELECT r.*, a.name AS last_change_by FROM resource r LEFT JOIN actor a ON a.id = r.last_change_actor_id
          WHERE r.kind = 'cache-cluster' ORDER BY r.last_seen DESC LIMIT 50`
        ).length,
    },
  ];

  const loadBefore = os.loadavg()[0]!;
  const results: Result[] = [];
  for (const c of cases) {
    const r = await measure(c, c.group.startsWith("Baselines") || c.group === "Export" ? Math.min(runs, 10) : runs);
    results.push(r);
    console.error(
      `${r.p50.toFixed(1).padStart(8)} ms p50 ${r.p95.toFixed(1).padStart(8)} ms p95  ${r.group} · ${r.name} (${r.rows})`,
    );
  }
  await prisma.$disconnect();

  const counts = await (async () => {
    let out = { events: 0, actors: 0, resources: 0, size: "" };
    await sql(bench.url, async (c) => {
      const r = await c.query<{ events: string; actors: string; resources: string; size: string }>(
        `SELECT (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM actor) AS actors, (SELECT count(*) FROM resource) AS resources,
          pg_size_pretty(pg_database_size(current_database())) AS size`,
      );
      const row = r.rows[0]!;
      out = {
        events: Number(row.events),
        actors: Number(row.actors),
        resources: Number(row.resources),
        size: row.size,
      };
    });
    return out;
  })();
  await bench.release();

  const n = (v: number) => v.toLocaleString("en-US");
  const groups = [...new Set(results.map((r) => r.group))];
  const body = groups
    .map((g) => {
      const rows = results
        .filter((r) => r.group === g)
        .map(
          (r) =>
            `| ${r.name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${n(r.rows)}${r.note === null ? "" : ` (${r.note})`} |`,
        );
      return `### ${g}\n\n| query | p50 ms | p95 ms | rows |\n|---|---|---|---|\n${rows.join("\n")}`;
    })
    .join("\n\n");
  await writeBenchmarkSection(
    "queries",
    `## Queries (\`npm run bench:queries\`)

${machineDescription()}, load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} during the run (the machine is shared: expect p95 to move with it). ${n(counts.events)} events (generated ElastiCache activity from \`tools/corpus\`, plus ${n(10_000)} on one cache cluster), ${n(counts.actors)} actors, ${n(counts.resources)} resources, ${counts.size} on disk, in the embedded PostgreSQL with default settings. Server time measured around the domain functions the routes call (round trip to PostgreSQL included), warm cache, ${runs} runs after 3 warm-ups (baselines and export: 10). Targets: p95 < 100 ms for lists and filter menus, < 20 ms for the detail lookup, < 150 ms for a resource timeline, < 100 ms for the resources list.

${body}`,
  );
  console.error("Wrote the bench:queries section of docs/benchmarks.md.");
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  // lib/events marks its modules server-only; outside Next.js that condition must be given to Node.
  if (!process.execArgv.includes("--conditions=react-server")) {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)],
      { stdio: "inherit" },
    );
    process.exit(child.status ?? 1);
  }
  await main();
}
